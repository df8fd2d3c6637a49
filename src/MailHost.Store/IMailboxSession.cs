namespace MailHost.Store;

/// <summary>
/// A selected mailbox as one IMAP session sees it: a snapshot of messages in sequence order (index = sequence number − 1)
/// that changes only when the session calls <see cref="RefreshAsync"/>, or through its own STORE/EXPUNGE.
/// </summary>
public interface IMailboxSession : IAsyncDisposable
{
    string Name { get; }

    bool IsReadOnly { get; }

    uint UidValidity { get; }

    uint UidNext { get; }

    ulong HighestModSeq { get; }

    /// <summary>Keywords defined in this mailbox (PERMANENTFLAGS / FLAGS).</summary>
    IReadOnlyList<string> Keywords { get; }

    /// <summary>
    /// False once the mailbox cannot define another keyword (Maildir: all 26 letters taken), so IMAP's PERMANENTFLAGS stops offering
    /// <c>\*</c> (RFC 9051 §7.1). Storing a new keyword then fails with <see cref="StoreStatus.TooManyKeywords"/>.
    /// </summary>
    bool CanCreateKeywords => true;

    IReadOnlyList<MessageInfo> Messages { get; }

    /// <summary>
    /// Picks up changes made by other sessions, deliveries or processes (assigning UIDs to new files if the lock is free; it only
    /// tries). With <paramref name="includeExpunges"/> false, vanished messages stay in the snapshot (RFC 3501 §7.4.1: no
    /// EXPUNGE during FETCH, STORE, SEARCH).
    /// </summary>
    ValueTask<MailboxChanges> RefreshAsync(bool includeExpunges, CancellationToken cancellationToken);

    /// <summary>Completes when something in this mailbox may have changed (in-process notification at once, other processes by mtime poll).</summary>
    Task WaitForChangeAsync(CancellationToken cancellationToken);

    /// <summary>Read-only stream over the message file (opened with FileShare.ReadWrite | Delete), or null if it vanished.</summary>
    ValueTask<Stream?> OpenMessageAsync(uint uid, CancellationToken cancellationToken);

    /// <summary>
    /// Changes flags and keywords; <paramref name="unchangedSince"/> is CONDSTORE's UNCHANGEDSINCE (null: unconditional).
    /// The snapshot is updated; UIDs that failed the modseq test are returned by <see cref="StoreFlagsResult.Modified"/>.
    /// </summary>
    ValueTask<StoreFlagsResult> StoreFlagsAsync(IReadOnlyList<uint> uids, FlagChangeMode mode, MessageFlags flags, IReadOnlyList<string> keywords, ulong? unchangedSince, CancellationToken cancellationToken);

    /// <summary>Removes messages flagged \Deleted (only those in <paramref name="uids"/> when given: UID EXPUNGE).</summary>
    ValueTask<ExpungeResult> ExpungeAsync(IReadOnlyList<uint>? uids, CancellationToken cancellationToken);

    /// <summary>COPY or MOVE (MOVE also expunges the sources from this snapshot and returns them in <see cref="CopyResult.SourceUids"/>).</summary>
    ValueTask<CopyResult> CopyAsync(IReadOnlyList<uint> uids, string destination, bool move, CancellationToken cancellationToken);
}
