namespace MailHost.Store;

/// <summary>Changed: UIDs whose flags actually changed (to report FETCH FLAGS). Modified: UIDs refused by UNCHANGEDSINCE.</summary>
public sealed record StoreFlagsResult(StoreStatus Status, IReadOnlyList<uint> Changed, IReadOnlyList<uint> Modified)
{
    /// <summary>
    /// UIDs still in the session's snapshot whose file is gone (removed underneath by another process): nothing was changed
    /// for them, and the next refresh reports them expunged (IMAP <c>NO [EXPUNGEISSUED]</c>, RFC 2180 §4.2.1).
    /// </summary>
    public IReadOnlyList<uint> Vanished { get; init; } = [];
}
