namespace MailHost.Imap.Session;

[Flags]
internal enum SearchReturn
{
    None = 0,
    Min = 1,
    Max = 2,
    Count = 4,
    All = 8,
    Save = 16,
}
