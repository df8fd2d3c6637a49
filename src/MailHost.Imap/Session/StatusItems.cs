namespace MailHost.Imap.Session;

[Flags]
internal enum StatusItems
{
    None = 0,
    Messages = 1,
    Recent = 2,
    UidNext = 4,
    UidValidity = 8,
    Unseen = 16,
    Deleted = 32,
    Size = 64,
}
