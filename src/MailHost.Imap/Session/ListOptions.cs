namespace MailHost.Imap.Session;

/// <summary>LIST-EXTENDED selection and return options (RFC 5258, 6154, 5819).</summary>
[Flags]
internal enum ListOptions
{
    None = 0,
    SelectSubscribed = 1,
    SelectSpecialUse = 2,
    RecursiveMatch = 4,
    ReturnSubscribed = 8,
    ReturnChildren = 16,
    ReturnSpecialUse = 32,
    ReturnStatus = 64,
}
