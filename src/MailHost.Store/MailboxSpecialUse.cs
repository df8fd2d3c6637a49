namespace MailHost.Store;

/// <summary>RFC 6154 attributes.</summary>
[Flags]
public enum MailboxSpecialUse
{
    None = 0,
    All = 1,
    Archive = 2,
    Drafts = 4,
    Flagged = 8,
    Junk = 16,
    Sent = 32,
    Trash = 64,
}
