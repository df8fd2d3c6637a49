using System.Runtime.CompilerServices;
using MailHost.Store.Maildir;

namespace MailHost.Store.Internal;

/// <summary>
/// A selected folder: a snapshot that moves only on <see cref="RefreshAsync"/> or the session's own changes. The snapshot is the
/// folder's shared <see cref="FolderView"/> whenever the session agrees with it (the usual, idle case: a pointer); only while it
/// differs — its own changes not yet seen by a scan, expunges not yet reported to its client, \Recent kept for messages that
/// left <c>new/</c> — does the session hold its own array, of references to the shared entries except where it differs.
/// </summary>
internal sealed class MailboxSession : IMailboxSession
{
    private readonly MailAccount account;
    private readonly MaildirFolder folder;
    private readonly StoreContext context;
    private FolderView view = null!;
    private MessageInfo[]? own;
    private Dictionary<uint, SessionFile>? moved;
    private IReadOnlyList<string>? ownKeywords;
    private Task changeTask = Task.CompletedTask;
    private FolderStamp stamp;
    private OwnPublication? ownPublication;
    private int closed;

    private MailboxSession(MailAccount account, MaildirFolder folder, StoreContext context, bool readOnly)
    {
        this.account = account;
        this.folder = folder;
        this.context = context;
        IsReadOnly = readOnly;
    }

    public string Name => folder.Name;

    public bool IsReadOnly { get; }

    public uint UidValidity { get; private set; }

    public uint UidNext { get; private set; }

    public ulong HighestModSeq { get; private set; }

    public IReadOnlyList<string> Keywords => ownKeywords ?? view.Keywords;

    public bool CanCreateKeywords => Keywords.Count < KeywordsFile.MaxKeywords;

    /// <summary>Never changed in place: a change replaces the list, so a reference keeps describing what it described.</summary>
    public IReadOnlyList<MessageInfo> Messages => own ?? (IReadOnlyList<MessageInfo>)view;

    /// <summary>Test hook: the shared view this session last refreshed against.</summary>
    internal FolderView View => view;

    /// <summary>Test hook: whether the session holds its own snapshot instead of the shared view.</summary>
    internal bool HasOwnSnapshot => own is not null;

    public static async ValueTask<MailboxSession> OpenAsync(MailAccount account, MaildirFolder folder, StoreContext context, bool readOnly, CancellationToken cancellationToken)
    {
        var session = new MailboxSession(account, folder, context, readOnly);
        folder.Shared.SessionOpened();
        try
        {
            var reading = session.ArmChangeSignal();
            var scan = await folder.SyncedScanAsync(reading, cancellationToken);
            session.UidValidity = scan.UidValidity;
            session.view = folder.Shared.ViewOf(scan);
            session.own = [];
            session.Apply(scan, includeExpunges: true);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<MailboxChanges> RefreshAsync(bool includeExpunges, CancellationToken cancellationToken)
    {
        var reading = ArmChangeSignal();
        var scan = await folder.SyncedScanAsync(reading, cancellationToken);
        return Apply(scan, includeExpunges);
    }

    /// <summary>
    /// Takes the in-process signal and the on-disk stamp before scanning: a change while the scan runs then completes the next
    /// wait at once (at worst one refresh too many) instead of falling between the scan and the signal and being missed.
    /// <see cref="Apply"/> narrows the stamp to the scan's own when it can. Returns the stamp with the wall clock read just before
    /// it, for the scan to use: it also has to read them before listing, and reading the five file times twice per refresh
    /// was a quarter of the lstat calls of the persistent IMAP mix.
    /// </summary>
    private (FolderStamp Stamp, DateTime ReadAt) ArmChangeSignal()
    {
        var now = ScanResult.WallClock;
        changeTask = folder.Shared.Notifier.NextChange;
        var own = ownPublication;
        ownPublication = null;
        stamp = own is not null && own.StillCurrent(folder.Shared, changeTask, now) ? own.Scan.Stamp : ReadStamp();
        return (stamp, now);
    }

    /// <summary>
    /// Remembers the scan result this session's own STORE or EXPUNGE just published (its stamp read after the change, under
    /// the modseq gate), so that the refresh answering the same command starts from that stamp instead of reading the five
    /// file times a third time within one command.
    /// </summary>
    private void Published(ScanResult? result) =>
        ownPublication = result is null ? null : new OwnPublication(result, folder.Shared.Notifier.NextChange, ScanResult.WallClock);

    public async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        var pending = changeTask;
        if (pending.IsCompleted)
        {
            return;
        }

        // Changed on disk since the last refresh (another process, no signal): no need to wait for the next poll.
        var now = ReadStamp();
        if (now != stamp)
        {
            return;
        }

        var poller = folder.Shared.PollerFor(folder, context);
        poller.Register(now);
        try
        {
            await pending.WaitAsync(cancellationToken);
        }
        finally
        {
            poller.Unregister();
        }
    }

    public ValueTask<Stream?> OpenMessageAsync(uint uid, CancellationToken cancellationToken)
    {
        if (FileOf(uid) is not { } file)
        {
            return ValueTask.FromResult<Stream?>(null);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return ValueTask.FromResult<Stream?>(DurableIo.OpenRead(folder.PathOf(file.FileName, file.InNew)));
            }
            catch (FileNotFoundException)
            {
                if (folder.Locate(file.BaseName) is not { } found)
                {
                    return ValueTask.FromResult<Stream?>(null);
                }

                file = new SessionFile(file.BaseName, found.FileName, found.InNew);
                Moved(uid, file);
            }
        }

        return ValueTask.FromResult<Stream?>(null);
    }

    public async ValueTask<StoreFlagsResult> StoreFlagsAsync(
        IReadOnlyList<uint> uids,
        FlagChangeMode mode,
        MessageFlags flags,
        IReadOnlyList<string> keywords,
        ulong? unchangedSince,
        CancellationToken cancellationToken)
    {
        if (IsReadOnly)
        {
            return new StoreFlagsResult(StoreStatus.ReadOnly, [], []);
        }

        try
        {
            flags &= ~MessageFlags.Recent;
            if (mode != FlagChangeMode.Remove && !folder.KnowsAllKeywords(keywords))
            {
                var lease = await folder.LockAsync(cancellationToken);
                if (lease is null)
                {
                    return new StoreFlagsResult(StoreStatus.InUse, [], []);
                }

                bool room;
                using (lease)
                {
                    room = folder.HasRoomForKeywords(keywords);
                    if (room)
                    {
                        folder.MapKeywords(keywords, canAdd: true);
                    }
                }

                await folder.AfterReleaseAsync(cancellationToken);
                if (!room)
                {
                    return new StoreFlagsResult(StoreStatus.TooManyKeywords, [], []);
                }
            }

            var letters = folder.MapKeywords(keywords, canAdd: false);
            var keywordNames = folder.ReadKeywords();
            if (!Keywords.SequenceEqual(keywordNames.OfType<string>()))
            {
                ownKeywords = [.. keywordNames.OfType<string>()];
            }

            var messages = Messages;
            var changed = new List<uint>();
            var modified = new List<uint>();
            var vanished = new List<uint>();
            var updates = new Dictionary<uint, MaildirFileName>();
            var stampBeforeRenames = FolderStamp.Read(folder);
            foreach (var uid in uids)
            {
                var index = messages.IndexOfUid(uid);
                if (index < 0 || FileOf(uid) is not { } file)
                {
                    continue;
                }

                if (unchangedSince is { } limit && messages[index].ModSeq > limit)
                {
                    modified.Add(uid);
                    continue;
                }

                if (Rename(uid, file, mode, flags, letters, out var gone) is { } result)
                {
                    updates[uid] = result;
                    changed.Add(uid);
                }
                else if (gone)
                {
                    vanished.Add(uid);
                }
            }

            if (changed.Count > 0)
            {
                var renamed = updates.Keys.ToDictionary(uid => uid, uid => FileOf(uid)!.Value.FileName);
                var (modSeq, published) = await folder.RecordFlagChangesAsync(UidValidity, UidNext, renamed, stampBeforeRenames, cancellationToken);
                HighestModSeq = Math.Max(HighestModSeq, modSeq);
                var updated = messages.ToArray();
                foreach (var (uid, parsed) in updates)
                {
                    var index = messages.IndexOfUid(uid);
                    var old = updated[index];
                    updated[index] = old with
                    {
                        Flags = parsed.Flags | (old.Flags & MessageFlags.Recent),
                        Keywords = KeywordsFile.NamesOf(parsed.Keywords, keywordNames),
                        ModSeq = modSeq,
                    };
                }

                own = updated;
                folder.Shared.Notifier.Notify();
                Published(published);
            }

            return new StoreFlagsResult(StoreStatus.Ok, changed, modified) { Vanished = vanished };
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return new StoreFlagsResult(Fail(exception, "store"), [], []);
        }
    }

    public async ValueTask<ExpungeResult> ExpungeAsync(IReadOnlyList<uint>? uids, CancellationToken cancellationToken)
    {
        if (IsReadOnly)
        {
            return new ExpungeResult(StoreStatus.ReadOnly, []);
        }

        try
        {
            var lease = await folder.LockAsync(cancellationToken);
            if (lease is null)
            {
                StoreLog.LockBudgetExhausted(context.Logger, folder.FolderPath, "expunge");
                return new ExpungeResult(StoreStatus.InUse, []);
            }

            var wanted = uids is null ? null : new HashSet<uint>(uids);
            var expunged = new List<uint>();
            var published = new StrongBox<ScanResult?>();
            using (lease)
            {
                Dictionary<string, (string FileName, bool InNew)>? listing = null;
                var removed = new HashSet<string>(StringComparer.Ordinal);
                bool fromCur = false, fromNew = false;
                foreach (var message in Messages)
                {
                    if ((wanted is not null && !wanted.Contains(message.Uid)) || FileOf(message.Uid) is not { } file)
                    {
                        continue;
                    }

                    (string FileName, bool InNew) current;
                    if ((MaildirFileName.Parse(file.FileName).Flags & MessageFlags.Deleted) != 0
                        && DurableIo.TryDelete(folder.PathOf(file.FileName, file.InNew)))
                    {
                        // The name we know carries \Deleted and was still there: a file's flags are its name, so it is still
                        // marked, and unlinking exactly that name is the check. No listing of the folder under the lock.
                        current = (file.FileName, file.InNew);
                    }
                    else
                    {
                        // Renamed since (another session or process changed its flags) or not known as deleted here: its
                        // current name decides, as before.
                        listing ??= folder.ListFiles();
                        if (!listing.TryGetValue(file.BaseName, out current) || (MaildirFileName.Parse(current.FileName).Flags & MessageFlags.Deleted) == 0)
                        {
                            continue;
                        }

                        DurableIo.DeleteIfExists(folder.PathOf(current.FileName, current.InNew));
                    }

                    fromNew |= current.InNew;
                    fromCur |= !current.InNew;
                    removed.Add(file.BaseName);
                    expunged.Add(message.Uid);
                }

                if (removed.Count > 0)
                {
                    // Only the directories that lost an entry: each fsync is a disk flush on the EXPUNGE's path.
                    if (fromCur)
                    {
                        DurableIo.FsyncDirectory(folder.CurPath);
                    }

                    if (fromNew)
                    {
                        DurableIo.FsyncDirectory(folder.NewPath);
                    }

                    await folder.AssignLockedAsync(lease, null, removed, newOnly: false, null, published, cancellationToken);
                }
            }

            await folder.AfterReleaseAsync(cancellationToken);
            RemoveFromSnapshot(expunged);
            Published(published.Value);
            return new ExpungeResult(StoreStatus.Ok, expunged);
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return new ExpungeResult(Fail(exception, "expunge"), []);
        }
    }

    public async ValueTask<CopyResult> CopyAsync(IReadOnlyList<uint> uids, string destination, bool move, CancellationToken cancellationToken)
    {
        if (move && IsReadOnly)
        {
            return new CopyResult(StoreStatus.ReadOnly, 0, [], []);
        }

        var (status, target) = account.ResolveExistingFolder(destination);
        if (target is null)
        {
            return new CopyResult(status, 0, [], []);
        }

        var staged = new List<StagedFile>();
        var sources = new List<uint>();
        var origins = new List<string>();
        try
        {
            Directory.CreateDirectory(target.TmpPath);
            var keywordNames = folder.ReadKeywords();
            var wanted = new HashSet<uint>(uids);
            foreach (var message in Messages)
            {
                if (!wanted.Contains(message.Uid) || FileOf(message.Uid) is not { } file)
                {
                    continue;
                }

                if (Transfer(file, target, move) is not { } transferred)
                {
                    continue;
                }

                var parsed = MaildirFileName.Parse(transferred.Origin);
                staged.Add(new StagedFile(transferred.TmpPath, transferred.BaseName, parsed.Flags, KeywordsFile.NamesOf(parsed.Keywords, keywordNames), message.InternalDate));
                sources.Add(message.Uid);
                origins.Add(transferred.OriginPath);
            }

            if (staged.Count == 0)
            {
                return new CopyResult(StoreStatus.Ok, 0, [], []);
            }

            if (move)
            {
                DurableIo.FsyncDirectory(target.TmpPath);
            }

            var (commitStatus, destinationUids) = await target.CommitStagedAsync(staged, requireUids: true, keepStagedOnInUse: move, cancellationToken);
            if (commitStatus != StoreStatus.Ok)
            {
                if (move)
                {
                    for (var i = 0; i < staged.Count; i++)
                    {
                        File.Move(staged[i].TmpPath, origins[i]);
                    }
                }

                return new CopyResult(commitStatus, 0, [], []);
            }

            context.Instrumentation.Appended(staged.Count);
            var destinationValidity = (await target.ScanAsync(cancellationToken)).UidValidity;
            if (move)
            {
                await folder.RecordModSeqAsync(UidValidity, UidNext, [], sources, durable: false, cancellationToken);
                RemoveFromSnapshot(sources);
                await folder.TrySyncPendingAsync(cancellationToken);
                folder.Shared.Notifier.Notify();
            }

            return new CopyResult(StoreStatus.Ok, destinationValidity, sources, destinationUids);
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            if (!move)
            {
                foreach (var file in staged)
                {
                    DurableIo.DeleteIfExists(file.TmpPath);
                }
            }

            return new CopyResult(Fail(exception, move ? "move" : "copy"), 0, [], []);
        }
    }

    /// <summary>Tells the folder that this session no longer has it selected (its caches may be trimmed once it is idle).</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            folder.Shared.SessionClosed(context.TimeProvider.GetUtcNow().UtcTicks);
        }

        return ValueTask.CompletedTask;
    }

    private (string TmpPath, string BaseName, string Origin, string OriginPath)? Transfer(SessionFile file, MaildirFolder target, bool move)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var source = folder.PathOf(file.FileName, file.InNew);
            var parsed = MaildirFileName.Parse(file.FileName);
            var size = parsed.Size ?? new FileInfo(source).Length;
            var baseName = MaildirNameGenerator.WithSizes(MaildirNameGenerator.NewBaseName(context.TimeProvider), size, parsed.VirtualSize ?? size);
            var tmp = Path.Combine(target.TmpPath, baseName);
            try
            {
                if (move)
                {
                    File.Move(source, tmp);
                }
                else
                {
                    DurableIo.LinkOrCopy(source, tmp);
                }

                return (tmp, baseName, file.FileName, source);
            }
            catch (FileNotFoundException)
            {
                if (folder.Locate(file.BaseName) is not { } found)
                {
                    return null;
                }

                file = new SessionFile(file.BaseName, found.FileName, found.InNew);
            }
        }

        return null;
    }

    /// <param name="gone">Set when the message's file no longer exists under any name (nothing to rename).</param>
    private MaildirFileName? Rename(uint uid, SessionFile file, FlagChangeMode mode, MessageFlags flags, string letters, out bool gone)
    {
        gone = false;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var parsed = MaildirFileName.Parse(file.FileName);
            var newFlags = mode switch
            {
                FlagChangeMode.Add => parsed.Flags | flags,
                FlagChangeMode.Remove => parsed.Flags & ~flags,
                _ => flags,
            };
            var newLetters = mode switch
            {
                FlagChangeMode.Add => string.Concat(parsed.Keywords, letters),
                FlagChangeMode.Remove => new string(parsed.Keywords.Where(c => !letters.Contains(c, StringComparison.Ordinal)).ToArray()),
                _ => letters,
            };
            var target = MaildirFileName.Build(file.BaseName, folder.Separator, newFlags, newLetters, parsed.OtherFlags);
            var result = MaildirFileName.Parse(target);
            if (result.Flags == parsed.Flags && SameLetters(result.Keywords, parsed.Keywords))
            {
                return null;
            }

            try
            {
                File.Move(folder.PathOf(file.FileName, file.InNew), Path.Combine(folder.CurPath, target));
                Moved(uid, new SessionFile(file.BaseName, target, InNew: false));
                return result;
            }
            catch (FileNotFoundException)
            {
                // Renamed by another session or process since we looked: find its new name and apply the change to that.
                if (folder.Locate(file.BaseName) is not { } found)
                {
                    gone = true;
                    return null;
                }

                file = new SessionFile(file.BaseName, found.FileName, found.InNew);
                Moved(uid, file);
            }
        }

        return null;
    }

    private static bool SameLetters(string left, string right) =>
        left.Length == right.Length && left.Order().SequenceEqual(right.Order());

    private MailboxChanges Apply(FolderScan scan, bool includeExpunges)
    {
        var next = folder.Shared.ViewOf(scan);

        // The stamp read just before this scan listed the folder is exact; if another scan has replaced it since, the one
        // read before our scan began stays (older, so at worst one needless wake-up).
        if (folder.Shared.LastResult is { } last && ReferenceEquals(last.Scan, scan))
        {
            stamp = last.Stamp;
        }
        UidNext = Math.Max(UidNext, next.NextUid);
        HighestModSeq = Math.Max(HighestModSeq, next.HighestModSeq);
        if (own is null && ReferenceEquals(view, next))
        {
            return MailboxChanges.None;
        }

        var messages = Messages;
        var expunged = new List<uint>();
        var flagChanged = new List<uint>();
        var lastUid = messages.Count > 0 ? messages[^1].Uid : 0;
        var result = new SnapshotBuilder(next);
        var j = 0;

        // Both lists are in ascending UID order: one merge walk, no per-refresh dictionary over a large folder.
        foreach (var message in messages)
        {
            while (j < next.Count && next[j].Uid < message.Uid)
            {
                j++;
            }

            if (j < next.Count && next[j].Uid == message.Uid)
            {
                var current = next[j++];
                if (ReferenceEquals(current, message))
                {
                    result.Add(current);
                    continue;
                }

                // \Recent is decided when the session first sees a message and then kept, even after the file leaves new/.
                var recent = message.Flags & MessageFlags.Recent;
                var sameRecent = (current.Flags & MessageFlags.Recent) == recent;
                if ((current.Flags & ~MessageFlags.Recent) != (message.Flags & ~MessageFlags.Recent) || !SameKeywords(current.Keywords, message.Keywords))
                {
                    flagChanged.Add(message.Uid);
                    result.Add(sameRecent ? current : current with { Flags = (current.Flags & ~MessageFlags.Recent) | recent });
                }
                else if (sameRecent && current.ModSeq >= message.ModSeq)
                {
                    result.Add(current);
                }
                else
                {
                    result.Add(message.ModSeq >= current.ModSeq ? message : message with { ModSeq = current.ModSeq });
                }
            }
            else
            {
                expunged.Add(message.Uid);
                if (!includeExpunges)
                {
                    result.Add(message);
                }
            }
        }

        var added = 0;
        for (; j < next.Count; j++)
        {
            if (next[j].Uid > lastUid)
            {
                result.Add(next[j]);
                added++;
            }
        }

        view = next;
        own = result.Build();
        moved = null;
        ownKeywords = null;
        return expunged.Count == 0 && added == 0 && flagChanged.Count == 0
            ? MailboxChanges.None
            : new MailboxChanges(includeExpunges ? expunged : [], added, flagChanged);
    }

    private static bool SameKeywords(IReadOnlyList<string> left, IReadOnlyList<string> right) =>
        ReferenceEquals(left, right) || left.SequenceEqual(right);

    /// <summary>Where the session's message <paramref name="uid"/> is on disk, as far as it knows (its own renames first).</summary>
    private SessionFile? FileOf(uint uid)
    {
        if (moved is not null && moved.TryGetValue(uid, out var file))
        {
            return file;
        }

        var index = view.IndexOf(uid);
        if (index < 0)
        {
            return null;
        }

        var source = view.SourceAt(index);
        return new SessionFile(source.Parsed.BaseName, source.FileName, source.InNew);
    }

    private void Moved(uint uid, SessionFile file) => (moved ??= [])[uid] = file;

    private void RemoveFromSnapshot(IReadOnlyCollection<uint> uids)
    {
        if (uids.Count == 0)
        {
            return;
        }

        var set = new HashSet<uint>(uids);
        own = [.. Messages.Where(m => !set.Contains(m.Uid))];
        foreach (var uid in uids)
        {
            moved?.Remove(uid);
        }
    }

    private FolderStamp ReadStamp() => FolderStamp.Read(folder);

    private StoreStatus Fail(Exception exception, string operation)
    {
        var status = StoreErrors.Classify(exception);
        StoreLog.OperationFailed(context.Logger, exception, operation, folder.FolderPath, Guid.NewGuid().ToString("N"));
        return status;
    }
}
