using MailHost.Store;

namespace MailHost.Smtp.Tests.Support;

/// <summary>Only what SMTP asks of an account: its folder list (plus-addressing).</summary>
internal sealed class FakeAccount(string domain, string localPart, string[] folders) : IMailAccount
{
    public string Domain => domain;

    public string LocalPart => localPart;

    public ValueTask<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<MailboxInfo>>([.. folders.Select(static f => new MailboxInfo(f, MailboxSpecialUse.None, false, true, false))]);

    public ValueTask<StoreResult> CreateMailboxAsync(string name, MailboxSpecialUse specialUse, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<StoreResult> DeleteMailboxAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<StoreResult> RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<StoreResult> SetSubscribedAsync(string name, bool subscribed, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<MailboxStatusResult> GetStatusAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<MailboxOpenResult> OpenMailboxAsync(string name, bool readOnly, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<StagedAppendResult> StageAppendAsync(string mailbox, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<AppendResult> CommitAppendAsync(string mailbox, IReadOnlyList<AppendItem> items, bool requireUids, CancellationToken cancellationToken) => throw new NotSupportedException();
}
