using MailHost.Store;

namespace MailHost.Imap.Tests.Fakes;

internal sealed class FakeAccount : IMailAccount
{
    public FakeAccount(FakeMailStore store, string domain, string localPart)
    {
        Store = store;
        Domain = domain;
        LocalPart = localPart;
        Folders["INBOX"] = new FakeFolder("INBOX");
        Folders["Sent"] = new FakeFolder("Sent", MailboxSpecialUse.Sent);
        Folders["Trash"] = new FakeFolder("Trash", MailboxSpecialUse.Trash);
    }

    public FakeMailStore Store { get; }

    public string Domain { get; }

    public string LocalPart { get; }

    public Dictionary<string, FakeFolder> Folders { get; } = new(StringComparer.Ordinal);

    public FakeFolder Inbox => Folders["INBOX"];

    public ValueTask<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<MailboxInfo>>(Folders.Values
            .OrderBy(f => f.Name == "INBOX" ? "" : f.Name, StringComparer.Ordinal)
            .Select(f => new MailboxInfo(f.Name, f.SpecialUse, Folders.Keys.Any(k => k.StartsWith(f.Name + "/", StringComparison.Ordinal)), f.Subscribed, false))
            .ToList());

    public ValueTask<StoreResult> CreateMailboxAsync(string name, MailboxSpecialUse specialUse, CancellationToken cancellationToken)
    {
        if (Folders.ContainsKey(name))
        {
            return ValueTask.FromResult(new StoreResult(StoreStatus.AlreadyExists));
        }

        Folders[name] = new FakeFolder(name, specialUse);
        return ValueTask.FromResult(StoreResult.Ok);
    }

    public ValueTask<StoreResult> DeleteMailboxAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Folders.Remove(name) ? StoreResult.Ok : new StoreResult(StoreStatus.NonExistent));

    public ValueTask<StoreResult> RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken)
    {
        if (!Folders.Remove(oldName, out var folder))
        {
            return ValueTask.FromResult(new StoreResult(StoreStatus.NonExistent));
        }

        if (Folders.ContainsKey(newName))
        {
            Folders[oldName] = folder;
            return ValueTask.FromResult(new StoreResult(StoreStatus.AlreadyExists));
        }

        folder.Name = newName;
        Folders[newName] = folder;
        return ValueTask.FromResult(StoreResult.Ok);
    }

    public ValueTask<StoreResult> SetSubscribedAsync(string name, bool subscribed, CancellationToken cancellationToken)
    {
        if (!Folders.TryGetValue(name, out var folder))
        {
            return ValueTask.FromResult(new StoreResult(StoreStatus.NonExistent));
        }

        folder.Subscribed = subscribed;
        return ValueTask.FromResult(StoreResult.Ok);
    }

    public ValueTask<MailboxStatusResult> GetStatusAsync(string name, CancellationToken cancellationToken)
    {
        if (!Folders.TryGetValue(name, out var folder))
        {
            return ValueTask.FromResult(new MailboxStatusResult(StoreStatus.NonExistent, null));
        }

        var messages = folder.Messages;
        var status = new MailboxStatus((uint)messages.Count, (uint)messages.Count(m => (m.Flags & MessageFlags.Recent) != 0), folder.UidNext,
            folder.UidValidity, (uint)messages.Count(m => (m.Flags & MessageFlags.Seen) == 0), (uint)messages.Count(m => (m.Flags & MessageFlags.Deleted) != 0),
            messages.Sum(m => (long)m.Content.Length), 1);
        return ValueTask.FromResult(new MailboxStatusResult(StoreStatus.Ok, status));
    }

    public ValueTask<MailboxOpenResult> OpenMailboxAsync(string name, bool readOnly, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Folders.TryGetValue(name, out var folder)
            ? new MailboxOpenResult(StoreStatus.Ok, new FakeMailboxSession(this, folder, readOnly))
            : new MailboxOpenResult(StoreStatus.NonExistent, null));

    public ValueTask<StagedAppendResult> StageAppendAsync(string mailbox, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Folders.ContainsKey(mailbox)
            ? new StagedAppendResult(StoreStatus.Ok, new FakeStagedMessage(Store))
            : new StagedAppendResult(StoreStatus.NonExistent, null));

    public ValueTask<AppendResult> CommitAppendAsync(string mailbox, IReadOnlyList<AppendItem> items, bool requireUids, CancellationToken cancellationToken)
    {
        var folder = Folders[mailbox];
        if (Store.LockBudgetExhausted && requireUids)
        {
            return ValueTask.FromResult(new AppendResult(StoreStatus.InUse, 0, []));
        }

        var uids = new List<uint>();
        foreach (var item in items)
        {
            var staged = (FakeStagedMessage)item.Message;
            staged.Committed = true;
            var message = folder.Add(System.Text.Encoding.UTF8.GetString(staged.ToArray()), item.Flags | MessageFlags.Recent, item.InternalDate, item.Keywords);
            uids.Add(message.Uid);
        }

        return ValueTask.FromResult(new AppendResult(StoreStatus.Ok, folder.UidValidity, Store.LockBudgetExhausted ? [] : uids));
    }
}
