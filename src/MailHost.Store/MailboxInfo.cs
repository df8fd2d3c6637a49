namespace MailHost.Store;

/// <summary>
/// A folder as LIST sees it. <see cref="Name"/> is UTF-8 with "/" as hierarchy separator; INBOX is "INBOX".
/// <see cref="NoSelect"/> marks a parent that exists only because it has children (Maildir++ has no directory for it).
/// </summary>
public sealed record MailboxInfo(string Name, MailboxSpecialUse SpecialUse, bool HasChildren, bool Subscribed, bool NoSelect)
{
    /// <summary>
    /// A subscribed name with no mailbox and no children (RFC 5258 §3 <c>\NonExistent</c>): subscriptions outlive their mailbox
    /// (RFC 9051 §6.3.7), so the listing carries them. Always <see cref="NoSelect"/> too, so a caller that only wants mailboxes it can
    /// open keeps filtering on that alone.
    /// </summary>
    public bool NonExistent { get; init; }
}
