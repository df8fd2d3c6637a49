using MailHost.Store.Locking;
using MailHost.Store.Maildir;

namespace MailHost.Store.Internal;

/// <summary>One user's Maildir++ tree.</summary>
internal sealed class MailAccount : IMailAccount
{
    private static readonly (string Name, MailboxSpecialUse Use)[] DefaultFolders =
    [
        ("Sent", MailboxSpecialUse.Sent),
        ("Drafts", MailboxSpecialUse.Drafts),
        ("Trash", MailboxSpecialUse.Trash),
        ("Junk", MailboxSpecialUse.Junk),
        ("Archive", MailboxSpecialUse.Archive),
    ];

    private readonly StoreContext context;
    private readonly string accountGateKey;

    public MailAccount(StoreContext context, string domain, string localPart, string root)
    {
        this.context = context;
        Domain = domain;
        LocalPart = localPart;
        Root = root;

        // The account's gate lives in the process-wide gate map (next to its folders' gates, under a key no folder path can
        // have), not in this object: any number of instances of one account then share it, so the store may forget idle ones.
        accountGateKey = root + "\0account";
    }

    public string Domain { get; }

    public string LocalPart { get; }

    public string Root { get; }

    /// <summary>Creates the Maildir with INBOX and the special-use folders; the root's cur/ is made last, so its presence means "complete".</summary>
    public void EnsureCreated()
    {
        if (Directory.Exists(Path.Combine(Root, "cur")))
        {
            return;
        }

        Directory.CreateDirectory(Root);
        foreach (var (name, use) in DefaultFolders)
        {
            _ = MailboxNameCodec.TryEncode(name, out _, out var directory);
            var path = Path.Combine(Root, directory);
            MaildirFolder.CreateLayout(path, isSubfolder: true);
            WriteSpecialUse(path, use);
        }

        DurableIo.ReplaceFile(Path.Combine(Root, SubscriptionsFile.FileName), Path.Combine(Root, "tmp"), SubscriptionsFile.Format(DefaultFolders.Select(static f => f.Name).Prepend(MailboxNameCodec.Inbox)));
        MaildirFolder.CreateLayout(Root, isSubfolder: false);
        DurableIo.FsyncDirectory(Path.GetDirectoryName(Root)!);
    }

    public (StoreStatus Status, MaildirFolder? Folder) ResolveFolder(string name)
    {
        var status = MailboxNameCodec.TryEncode(name, out var canonical, out var directory);
        if (status != StoreStatus.Ok)
        {
            return (status, null);
        }

        return (StoreStatus.Ok, new MaildirFolder(context, directory.Length == 0 ? Root : Path.Combine(Root, directory), canonical));
    }

    public (StoreStatus Status, MaildirFolder? Folder) ResolveExistingFolder(string name)
    {
        var (status, folder) = ResolveFolder(name);
        if (folder is null)
        {
            return (status, null);
        }

        return folder.Exists ? (StoreStatus.Ok, folder) : (StoreStatus.NonExistent, null);
    }

    public MaildirFolder Inbox => new(context, Root, MailboxNameCodec.Inbox);

    public ValueTask<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(CancellationToken cancellationToken)
    {
        var subscribed = SubscriptionsFile.Parse(DurableIo.ReadAllTextOrNull(Path.Combine(Root, SubscriptionsFile.FileName)));
        var selectable = new Dictionary<string, MailboxSpecialUse>(StringComparer.Ordinal) { [MailboxNameCodec.Inbox] = MailboxSpecialUse.None };
        foreach (var (directory, name) in EnumerateFolderDirectories())
        {
            if (Directory.Exists(Path.Combine(directory, "cur")))
            {
                selectable[name] = ReadSpecialUse(directory);
            }
        }

        var all = new SortedSet<string>(selectable.Keys, StringComparer.Ordinal);
        foreach (var name in selectable.Keys)
        {
            for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = name.IndexOf('/', slash + 1))
            {
                all.Add(name[..slash]);
            }
        }

        var nonExistent = subscribed.Where(name => !all.Contains(name)).ToList();
        var result = new List<MailboxInfo>(all.Count + nonExistent.Count);
        foreach (var name in all.Concat(nonExistent).OrderBy(static n => n == MailboxNameCodec.Inbox ? 0 : 1).ThenBy(static n => n, StringComparer.Ordinal))
        {
            if (!all.Contains(name))
            {
                // Only subscribed: were anything below it, it would be an implied parent in "all".
                result.Add(new MailboxInfo(name, MailboxSpecialUse.None, HasChildren: false, Subscribed: true, NoSelect: true) { NonExistent = true });
                continue;
            }

            var prefix = name + "/";
            var hasChildren = all.Any(other => other.StartsWith(prefix, StringComparison.Ordinal));
            var isSelectable = selectable.TryGetValue(name, out var use);
            result.Add(new MailboxInfo(name, use, hasChildren, subscribed.Contains(name), !isSelectable));
        }

        return ValueTask.FromResult<IReadOnlyList<MailboxInfo>>(result);
    }

    public async ValueTask<StoreResult> CreateMailboxAsync(string name, MailboxSpecialUse specialUse, CancellationToken cancellationToken)
    {
        var (status, folder) = ResolveFolder(name);
        if (folder is null)
        {
            return new StoreResult(status, "Invalid mailbox name");
        }

        if (folder.Name == MailboxNameCodec.Inbox || folder.Exists)
        {
            return new StoreResult(StoreStatus.AlreadyExists, "Mailbox exists");
        }

        var accountLock = await EnterAccountGateAsync(cancellationToken);
        try
        {
            var collision = FindCaseCollision(Path.GetFileName(folder.FolderPath), except: null);
            if (collision is not null)
            {
                return new StoreResult(StoreStatus.InvalidName, $"Name collides with existing mailbox \"{collision}\" on case-insensitive file systems");
            }

            MaildirFolder.CreateLayout(folder.FolderPath, isSubfolder: true);
            if (specialUse != MailboxSpecialUse.None)
            {
                WriteSpecialUse(folder.FolderPath, specialUse);
            }

            DurableIo.FsyncDirectory(Root);
            return StoreResult.Ok;
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return Fail(exception, "create", folder.FolderPath);
        }
        finally
        {
            FolderGates.Release(accountLock);
        }
    }

    public async ValueTask<StoreResult> DeleteMailboxAsync(string name, CancellationToken cancellationToken)
    {
        var (status, folder) = ResolveFolder(name);
        if (folder is null)
        {
            return new StoreResult(status, "Invalid mailbox name");
        }

        if (folder.Name == MailboxNameCodec.Inbox)
        {
            return new StoreResult(StoreStatus.NotAllowed, "INBOX cannot be deleted");
        }

        if (!folder.Exists)
        {
            return new StoreResult(StoreStatus.NonExistent, "No such mailbox");
        }

        try
        {
            var lease = await folder.LockAsync(cancellationToken);
            if (lease is null)
            {
                StoreLog.LockBudgetExhausted(context.Logger, folder.FolderPath, "delete");
                return new StoreResult(StoreStatus.InUse, "Mailbox is locked, try again");
            }

            using (lease)
            {
                // Rename first so the folder disappears atomically, then remove the files at leisure.
                var trash = Path.Combine(Root, "tmp", "mailhost-deleted-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(Path.Combine(Root, "tmp"));
                Directory.Move(folder.FolderPath, trash);
                DurableIo.FsyncDirectory(Root);
                Directory.Delete(trash, recursive: true);
            }

            folder.Shared.Notifier.Notify();
            return StoreResult.Ok;
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return Fail(exception, "delete", folder.FolderPath);
        }
    }

    public async ValueTask<StoreResult> RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken)
    {
        var (oldStatus, source) = ResolveFolder(oldName);
        var (newStatus, target) = ResolveFolder(newName);
        if (source is null || target is null)
        {
            return new StoreResult(source is null ? oldStatus : newStatus, "Invalid mailbox name");
        }

        if (source.Name == MailboxNameCodec.Inbox)
        {
            return new StoreResult(StoreStatus.NotAllowed, "Renaming INBOX is not supported");
        }

        if (target.Name == MailboxNameCodec.Inbox || target.Exists)
        {
            return new StoreResult(StoreStatus.AlreadyExists, "Target mailbox exists");
        }

        if (!source.Exists)
        {
            return new StoreResult(StoreStatus.NonExistent, "No such mailbox");
        }

        var sourceDirectory = Path.GetFileName(source.FolderPath);
        var targetDirectory = Path.GetFileName(target.FolderPath);
        if (targetDirectory.StartsWith(sourceDirectory + ".", StringComparison.Ordinal))
        {
            return new StoreResult(StoreStatus.InvalidName, "A mailbox cannot be moved inside itself");
        }

        var accountLock = await EnterAccountGateAsync(cancellationToken);
        try
        {
            var collision = FindCaseCollision(targetDirectory, except: sourceDirectory);
            if (collision is not null)
            {
                return new StoreResult(StoreStatus.InvalidName, $"Name collides with existing mailbox \"{collision}\" on case-insensitive file systems");
            }

            var lease = await source.LockAsync(cancellationToken);
            if (lease is null)
            {
                StoreLog.LockBudgetExhausted(context.Logger, source.FolderPath, "rename");
                return new StoreResult(StoreStatus.InUse, "Mailbox is locked, try again");
            }

            using (lease)
            {
                // Not a "name.*" search pattern: its DOS semantics also match "name" itself.
                var children = Directory.EnumerateDirectories(Root, ".*").Select(Path.GetFileName).OfType<string>()
                    .Where(child => child.StartsWith(sourceDirectory + ".", StringComparison.Ordinal)).ToList();
                Directory.Move(source.FolderPath, target.FolderPath);
                foreach (var child in children)
                {
                    Directory.Move(Path.Combine(Root, child), Path.Combine(Root, targetDirectory + child[sourceDirectory.Length..]));
                }

                DurableIo.FsyncDirectory(Root);
            }

            source.Shared.Notifier.Notify();
            return StoreResult.Ok;
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return Fail(exception, "rename", source.FolderPath);
        }
        finally
        {
            FolderGates.Release(accountLock);
        }
    }

    public async ValueTask<StoreResult> SetSubscribedAsync(string name, bool subscribed, CancellationToken cancellationToken)
    {
        var status = MailboxNameCodec.TryEncode(name, out var canonical, out _);
        if (status != StoreStatus.Ok)
        {
            return new StoreResult(status, "Invalid mailbox name");
        }

        var accountLock = await EnterAccountGateAsync(cancellationToken);
        try
        {
            var path = Path.Combine(Root, SubscriptionsFile.FileName);
            var names = SubscriptionsFile.Parse(DurableIo.ReadAllTextOrNull(path));
            var changed = subscribed ? names.Add(canonical) : names.Remove(canonical);
            if (changed)
            {
                DurableIo.ReplaceFile(path, Path.Combine(Root, "tmp"), SubscriptionsFile.Format(names));
            }

            return StoreResult.Ok;
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return Fail(exception, "subscribe", Root);
        }
        finally
        {
            FolderGates.Release(accountLock);
        }
    }

    public async ValueTask<MailboxStatusResult> GetStatusAsync(string name, CancellationToken cancellationToken)
    {
        var (status, folder) = ResolveExistingFolder(name);
        if (folder is null)
        {
            return new MailboxStatusResult(status, null);
        }

        try
        {
            var scan = await folder.SyncedScanAsync(cancellationToken);
            uint recent = 0, unseen = 0, deleted = 0;
            long size = 0;
            foreach (var message in scan.Messages)
            {
                recent += message.InNew ? 1u : 0u;
                unseen += (message.Parsed.Flags & MessageFlags.Seen) == 0 ? 1u : 0u;
                deleted += (message.Parsed.Flags & MessageFlags.Deleted) != 0 ? 1u : 0u;
                size += message.Size;
            }

            return new MailboxStatusResult(StoreStatus.Ok, new MailboxStatus((uint)scan.Messages.Count, recent, scan.NextUid, scan.UidValidity, unseen, deleted, size, scan.HighestModSeq));
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return new MailboxStatusResult(Fail(exception, "status", folder.FolderPath).Status, null);
        }
    }

    public async ValueTask<MailboxOpenResult> OpenMailboxAsync(string name, bool readOnly, CancellationToken cancellationToken)
    {
        var (status, folder) = ResolveExistingFolder(name);
        if (folder is null)
        {
            return new MailboxOpenResult(status, null);
        }

        try
        {
            return new MailboxOpenResult(StoreStatus.Ok, await MailboxSession.OpenAsync(this, folder, context, readOnly, cancellationToken));
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return new MailboxOpenResult(Fail(exception, "open", folder.FolderPath).Status, null);
        }
    }

    public ValueTask<StagedAppendResult> StageAppendAsync(string mailbox, CancellationToken cancellationToken)
    {
        var (status, folder) = ResolveExistingFolder(mailbox);
        if (folder is null)
        {
            return ValueTask.FromResult(new StagedAppendResult(status, null));
        }

        try
        {
            return ValueTask.FromResult(new StagedAppendResult(StoreStatus.Ok, StagedMessage.Create(folder, context.TimeProvider)));
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return ValueTask.FromResult(new StagedAppendResult(Fail(exception, "stage", folder.FolderPath).Status, null));
        }
    }

    public async ValueTask<AppendResult> CommitAppendAsync(string mailbox, IReadOnlyList<AppendItem> items, bool requireUids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var (status, folder) = ResolveExistingFolder(mailbox);
        if (folder is null)
        {
            return new AppendResult(status, 0, []);
        }

        var staged = new List<StagedMessage>(items.Count);
        foreach (var item in items)
        {
            if (item.Message is not StagedMessage message || message.Folder.FolderPath != folder.FolderPath || message.Committed)
            {
                throw new ArgumentException("Every item must be an uncommitted message staged by StageAppendAsync for this mailbox.", nameof(items));
            }

            staged.Add(message);
        }

        try
        {
            var files = new List<StagedFile>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                files.Add(await staged[i].CloseAsync(items[i].Flags, items[i].Keywords, items[i].InternalDate));
            }

            var (commitStatus, uids) = await folder.CommitStagedAsync(files, requireUids, keepStagedOnInUse: false, cancellationToken);
            if (commitStatus == StoreStatus.Ok)
            {
                foreach (var message in staged)
                {
                    message.MarkCommitted();
                }

                context.Instrumentation.Appended(staged.Count);
            }

            var uidValidity = folder.Shared.GetCachedUidList(folder.UidListPath)?.UidValidity ?? 0;
            return new AppendResult(commitStatus, uidValidity, uids);
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return new AppendResult(Fail(exception, "append", folder.FolderPath).Status, 0, []);
        }
    }

    private IEnumerable<(string Directory, string Name)> EnumerateFolderDirectories()
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var directory in Directory.EnumerateDirectories(Root, ".*"))
        {
            var name = MailboxNameCodec.TryDecode(Path.GetFileName(directory));
            if (name is not null)
            {
                yield return (directory, name);
            }
        }
    }

    private string? FindCaseCollision(string directoryName, string? except)
    {
        foreach (var (directory, name) in EnumerateFolderDirectories())
        {
            var existing = Path.GetFileName(directory);
            if (except is not null && (existing == except || existing.StartsWith(except + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            if (string.Equals(existing, directoryName, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }

    private static void WriteSpecialUse(string folderPath, MailboxSpecialUse use)
    {
        var attributes = Enum.GetValues<MailboxSpecialUse>()
            .Where(flag => flag != MailboxSpecialUse.None && use.HasFlag(flag))
            .Select(static flag => "\\" + flag.ToString());
        DurableIo.ReplaceFile(Path.Combine(folderPath, MaildirFolder.SpecialUseFileName), Path.Combine(folderPath, "tmp"), string.Join('\n', attributes) + "\n");
    }

    private static MailboxSpecialUse ReadSpecialUse(string folderPath)
    {
        var content = DurableIo.ReadAllTextOrNull(Path.Combine(folderPath, MaildirFolder.SpecialUseFileName));
        if (content is null)
        {
            return MailboxSpecialUse.None;
        }

        var use = MailboxSpecialUse.None;
        foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('\\') && Enum.TryParse<MailboxSpecialUse>(line[1..], ignoreCase: true, out var flag))
            {
                use |= flag;
            }
        }

        return use;
    }

    /// <summary>Serialises CREATE, RENAME and subscription changes of this account within the process.</summary>
    private ValueTask<FolderGate> EnterAccountGateAsync(CancellationToken cancellationToken) =>
        FolderGates.EnterHeldAsync(accountGateKey, cancellationToken);

    private StoreResult Fail(Exception exception, string operation, string path)
    {
        var status = StoreErrors.Classify(exception);
        StoreLog.OperationFailed(context.Logger, exception, operation, path, Guid.NewGuid().ToString("N"));
        return new StoreResult(status, "Storage failure");
    }
}
