namespace MailHost.Store;

/// <summary>
/// One user's Maildir. Mailbox names are UTF-8 with "/" as hierarchy separator ("INBOX" case-insensitive);
/// the store maps them to Maildir++ directories and refuses names that would leave the Maildir.
/// </summary>
public interface IMailAccount
{
    string Domain { get; }

    string LocalPart { get; }

    ValueTask<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(CancellationToken cancellationToken);

    ValueTask<StoreResult> CreateMailboxAsync(string name, MailboxSpecialUse specialUse, CancellationToken cancellationToken);

    ValueTask<StoreResult> DeleteMailboxAsync(string name, CancellationToken cancellationToken);

    ValueTask<StoreResult> RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken);

    ValueTask<StoreResult> SetSubscribedAsync(string name, bool subscribed, CancellationToken cancellationToken);

    ValueTask<MailboxStatusResult> GetStatusAsync(string name, CancellationToken cancellationToken);

    ValueTask<MailboxOpenResult> OpenMailboxAsync(string name, bool readOnly, CancellationToken cancellationToken);

    /// <summary>Starts an APPEND: returns a tmp/ file in the target folder to stream the literal into.</summary>
    ValueTask<StagedAppendResult> StageAppendAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>
    /// Commits staged messages (all or none) into <c>cur/</c> with UIDs, through the lock retry pipeline.
    /// <paramref name="requireUids"/>: when the lock budget runs out, true discards them and answers InUse (IMAP4rev2),
    /// false commits them without UIDs yet (IMAP4rev1).
    /// </summary>
    ValueTask<AppendResult> CommitAppendAsync(string mailbox, IReadOnlyList<AppendItem> items, bool requireUids, CancellationToken cancellationToken);
}
