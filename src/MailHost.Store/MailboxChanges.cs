namespace MailHost.Store;

/// <summary>
/// What <see cref="IMailboxSession.RefreshAsync"/> applied to the session's snapshot, so the protocol can report it:
/// expunged UIDs (in ascending UID order, to be turned into sequence numbers against the snapshot as it was),
/// the number of messages appended at the end, and the UIDs whose flags or keywords changed.
/// </summary>
public sealed record MailboxChanges(IReadOnlyList<uint> ExpungedUids, int NewMessages, IReadOnlyList<uint> FlagChangedUids)
{
    public static MailboxChanges None { get; } = new([], 0, []);

    public bool IsEmpty => ExpungedUids.Count == 0 && NewMessages == 0 && FlagChangedUids.Count == 0;
}
