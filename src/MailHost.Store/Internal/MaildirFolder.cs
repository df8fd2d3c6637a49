using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Text;
using MailHost.Store.Locking;
using MailHost.Store.Maildir;

namespace MailHost.Store.Internal;

/// <summary>
/// One Maildir folder on disk. Reading (<see cref="ScanAsync"/>) never locks. Everything that rewrites
/// <c>dovecot-uidlist</c> runs while the caller holds a <see cref="FolderLockLease"/>.
/// </summary>
internal sealed class MaildirFolder
{
    public const string MaildirFolderMarker = "maildirfolder";
    public const string SpecialUseFileName = "mailhost-special-use";

    private readonly StoreContext context;

    public MaildirFolder(StoreContext context, string path, string name)
    {
        this.context = context;
        FolderPath = path;
        Name = name;
        CurPath = Path.Combine(path, "cur");
        NewPath = Path.Combine(path, "new");
        TmpPath = Path.Combine(path, "tmp");
        UidListPath = Path.Combine(path, UidList.FileName);
        KeywordsPath = Path.Combine(path, KeywordsFile.FileName);
        ModSeqPath = Path.Combine(path, ModSeqLog.FileName);
        Shared = context.SharedFor(path);
    }

    public string FolderPath { get; }

    public string Name { get; }

    public string CurPath { get; }

    public string NewPath { get; }

    public string TmpPath { get; }

    public string UidListPath { get; }

    public string KeywordsPath { get; }

    public string ModSeqPath { get; }

    public FolderShared Shared { get; }

    public bool Exists => Directory.Exists(CurPath);

    public char Separator => context.Separator;

    public static void CreateLayout(string path, bool isSubfolder)
    {
        Directory.CreateDirectory(Path.Combine(path, "tmp"));
        Directory.CreateDirectory(Path.Combine(path, "new"));
        Directory.CreateDirectory(Path.Combine(path, "cur"));
        if (isSubfolder)
        {
            var marker = Path.Combine(path, MaildirFolderMarker);
            if (!File.Exists(marker))
            {
                using var stream = new FileStream(marker, FileMode.OpenOrCreate, FileAccess.Write, DurableIo.ReaderShare);
            }
        }

        DurableIo.FsyncDirectory(path);
    }

    public string PathOf(string fileName, bool inNew) => Path.Combine(inNew ? NewPath : CurPath, fileName);

    /// <summary>Current file names by base name, from a directory listing only (no stat, no open).</summary>
    public Dictionary<string, (string FileName, bool InNew)> ListFiles()
    {
        var files = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        AddListing(files, NewPath, inNew: true);
        AddListing(files, CurPath, inNew: false);
        return files;
    }

    /// <summary>Finds the current name of a message whose file was renamed (flags changed) by someone else.</summary>
    public (string FileName, bool InNew)? Locate(string baseName)
    {
        foreach (var (directory, inNew) in new[] { (CurPath, false), (NewPath, true) })
        {
            foreach (var name in EnumerateNames(directory))
            {
                if (name.StartsWith(baseName, StringComparison.Ordinal) && MaildirFileName.BaseNameOf(name) == baseName)
                {
                    return (name, inNew);
                }
            }
        }

        return null;
    }

    public ValueTask<FolderScan> ScanAsync(CancellationToken cancellationToken) => ScanAsync(null, cancellationToken);

    /// <param name="reading">The stamp and the wall clock the caller read just before (a session arming its change signal),
    /// used instead of reading the same five file times again; null reads them here.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public async ValueTask<FolderScan> ScanAsync((FolderStamp Stamp, DateTime ReadAt)? reading, CancellationToken cancellationToken)
    {
        // Read before listing: a change after this point shows in the listing now or in a different stamp next time, except
        // on a file system with coarse timestamps, where a change in the same clock tick as the stamp's newest time keeps
        // that time. So an equal stamp is trusted while it is young (every change this process makes also grows
        // dovecot-uidlist or mailhost-modseq, which the stamp includes), and a scan listed under a young stamp is repeated
        // once the stamp has settled: a same-tick change by another process shows at most ~2 s late, as with Dovecot's
        // delayed maildir refresh, instead of costing every command a full listing of cur/ while the folder is busy.
        var (stamp, now) = reading ?? (default, ScanResult.WallClock);
        if (reading is null)
        {
            stamp = FolderStamp.Read(this);
        }

        var settled = stamp.IsSettled(now);
        if (Shared.LastResult is { } last && last.StandsFor(stamp, settled, now))
        {
            return last.Scan;
        }

        var scan = await ScanUncachedAsync(cancellationToken);
        Shared.LastResult = new ScanResult(scan, stamp, settled, now);
        return scan;
    }

    private async ValueTask<FolderScan> ScanUncachedAsync(CancellationToken cancellationToken)
    {
        Shared.CountScanListing();
        var list = Shared.GetCachedUidList(UidListPath);
        var files = ListFiles();
        var keywords = ReadKeywords();
        var modSeq = await LoadModSeqSnapshotAsync(cancellationToken);
        if (list is null)
        {
            return new FolderScan(modSeq.UidValidity, Math.Max(modSeq.NextUid, 1), modSeq.HighestModSeq, keywords, [], modSeq.ModSeqs, files.Count, NeedsRepair: true);
        }

        Shared.KnownUidValidity = Math.Max(Shared.KnownUidValidity, list.UidValidity);
        var messages = new List<ScannedMessage>(list.Records.Count);
        var previous = Shared.LastScan;
        var current = new Dictionary<(string, bool), ScannedMessage>(list.Records.Count);
        foreach (var record in list.Records)
        {
            if (files.TryGetValue(record.BaseName, out var file))
            {
                var key = (file.FileName, file.InNew);
                if (previous is null || !previous.TryGetValue(key, out var message) || message.Uid != record.Uid)
                {
                    var parsed = MaildirFileName.Parse(file.FileName);
                    var fullPath = PathOf(file.FileName, file.InNew);
                    message = new ScannedMessage(record.Uid, file.FileName, file.InNew, parsed, InternalDateOf(record.BaseName, fullPath), parsed.Size ?? SizeOf(fullPath));
                }

                current[key] = message;
                messages.Add(message);
            }
        }

        Shared.LastScan = current;
        if (Shared.InternalDates.Count > files.Count)
        {
            // Files removed by someone else (another process, or a delivery that failed): forget their dates. A date dropped
            // for a file being committed right now is only read again from its mtime, which the commit has set.
            foreach (var baseName in Shared.InternalDates.Keys)
            {
                if (!files.ContainsKey(baseName))
                {
                    Shared.InternalDates.TryRemove(baseName, out _);
                }
            }
        }

        return new FolderScan(
            list.UidValidity,
            list.NextUid,
            Math.Max(modSeq.HighestModSeq, 1),
            keywords,
            messages,
            modSeq.ModSeqs,
            files.Count - messages.Count,
            list.Torn || list.SkippedLines);
    }

    /// <summary>
    /// A scan in which every file has its UID when the lock could be had at once (only tried), or waited for when there is no
    /// uidlist yet (a UIDVALIDITY must exist before it can be answered).
    /// </summary>
    public ValueTask<FolderScan> SyncedScanAsync(CancellationToken cancellationToken) => SyncedScanAsync(null, cancellationToken);

    /// <summary>As <see cref="SyncedScanAsync(CancellationToken)"/>; <paramref name="reading"/> as for <see cref="ScanAsync((FolderStamp, DateTime)?, CancellationToken)"/>
    /// (only the first scan uses it: one after a sync reads the stamp again).</summary>
    public async ValueTask<FolderScan> SyncedScanAsync((FolderStamp Stamp, DateTime ReadAt)? reading, CancellationToken cancellationToken)
    {
        var scan = await ScanAsync(reading, cancellationToken);
        if (scan.UidValidity == 0 || (scan.NeedsRepair && !File.Exists(UidListPath)))
        {
            var lease = await LockAsync(cancellationToken);
            if (lease is not null)
            {
                using (lease)
                {
                    await AssignLockedAsync(lease, null, null, cancellationToken);
                }

                await AfterReleaseAsync(cancellationToken);
            }

            return await ScanAsync(cancellationToken);
        }

        if (scan.PendingFiles > 0 || scan.NeedsRepair)
        {
            await TrySyncPendingAsync(cancellationToken);
            return await ScanAsync(cancellationToken);
        }

        return scan;
    }

    public string?[] ReadKeywords()
    {
        var content = DurableIo.ReadAllTextOrNull(KeywordsPath);
        return content is null ? new string?[KeywordsFile.MaxKeywords] : KeywordsFile.Parse(content);
    }

    /// <summary>
    /// Maps keyword names to file-name letters. With the lock held (<paramref name="canAdd"/>) unknown keywords get free letters
    /// and <c>dovecot-keywords</c> is rewritten; otherwise, and beyond 26 keywords, unknown ones are dropped.
    /// </summary>
    public string MapKeywords(IReadOnlyList<string> names, bool canAdd)
    {
        if (names.Count == 0)
        {
            return string.Empty;
        }

        var keywords = ReadKeywords();
        var letters = new StringBuilder(names.Count);
        var changed = false;
        foreach (var name in names)
        {
            var index = Array.FindIndex(keywords, k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && canAdd)
            {
                index = Array.IndexOf(keywords, null);
                if (index >= 0)
                {
                    keywords[index] = name;
                    changed = true;
                }
            }

            if (index >= 0)
            {
                letters.Append((char)('a' + index));
            }
        }

        if (changed)
        {
            DurableIo.ReplaceFile(KeywordsPath, TmpPath, KeywordsFile.Format(keywords));
        }

        return letters.ToString();
    }

    /// <summary>True when every keyword in <paramref name="names"/> is known or can still get a free letter (call it with the lock held to rely on it).</summary>
    public bool HasRoomForKeywords(IEnumerable<string> names)
    {
        var keywords = ReadKeywords();
        var free = Array.FindAll(keywords, static k => k is null).Length;
        var unknown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!Array.Exists(keywords, k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) && unknown.Add(name) && unknown.Count > free)
            {
                return false;
            }
        }

        return true;
    }

    public bool KnowsAllKeywords(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return true;
        }

        var keywords = ReadKeywords();
        return names.All(name => Array.Exists(keywords, k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// With the lock held: gives UIDs to every file without one (arrival order, <paramref name="lastInOrder"/> last and in
    /// the given order), drops records of files that are gone (and <paramref name="removeBaseNames"/>), repairs a torn or
    /// missing uidlist, and flushes it to disk before returning. Returns the UIDs assigned, by base name.
    /// </summary>
    public ValueTask<Dictionary<string, uint>> AssignLockedAsync(
        FolderLockLease lease,
        IReadOnlyList<string>? lastInOrder,
        IReadOnlyCollection<string>? removeBaseNames,
        CancellationToken cancellationToken) => AssignLockedAsync(lease, lastInOrder, removeBaseNames, newOnly: false, null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="newOnly"/> (delivery, APPEND) looks only at new/ and the given files when it can;
    /// <paramref name="committedNames"/> (APPEND, COPY) are the cur/ file names of <paramref name="lastInOrder"/>, by base name.
    /// </summary>
    public ValueTask<Dictionary<string, uint>> AssignLockedAsync(
        FolderLockLease lease,
        IReadOnlyList<string>? lastInOrder,
        IReadOnlyCollection<string>? removeBaseNames,
        bool newOnly,
        IReadOnlyDictionary<string, string>? committedNames,
        CancellationToken cancellationToken) => AssignLockedAsync(lease, lastInOrder, removeBaseNames, newOnly, committedNames, null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="published"/> receives the scan result this call published in memory (a commit or expunge
    /// applied to the cached scan, with the stamp read after it), if it published one.
    /// </summary>
    public async ValueTask<Dictionary<string, uint>> AssignLockedAsync(
        FolderLockLease lease,
        IReadOnlyList<string>? lastInOrder,
        IReadOnlyCollection<string>? removeBaseNames,
        bool newOnly,
        IReadOnlyDictionary<string, string>? committedNames,
        StrongBox<ScanResult?>? published,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        // Size and nanosecond mtime change with every append or rewrite, and our own writes update the cache, so the cached
        // parse is current (a 100k uidlist is not re-read for every delivery); a change by another writer is parsed again.
        var list = Shared.GetCachedUidList(UidListPath);
        if (list is not null && !list.Torn && !list.SkippedLines && Shared.PendingInCur.IsEmpty)
        {
            if (newOnly && removeBaseNames is null)
            {
                return await AssignNewLockedAsync(list, lastInOrder, null, committedNames, published, cancellationToken);
            }

            if (removeBaseNames is not null && Shared.StaleRecords + removeBaseNames.Count <= StaleRecordLimit(list))
            {
                return await AssignNewLockedAsync(list, lastInOrder, removeBaseNames, null, published, cancellationToken);
            }
        }

        Shared.CountCurListing();
        var files = ListFiles();
        var rewrite = false;
        if (list is null)
        {
            list = await RebuildHeaderAsync(files.Count, cancellationToken);
            rewrite = true;
        }
        else if (list.Torn || list.SkippedLines)
        {
            rewrite = true;
            StoreLog.UidListRepaired(context.Logger, FolderPath);
        }

        Shared.KnownUidValidity = Math.Max(Shared.KnownUidValidity, list.UidValidity);
        var records = new List<UidListRecord>(list.Records.Count + 8);
        var expunged = new List<uint>();
        List<UidListRecord>? missing = null;
        foreach (var record in list.Records)
        {
            if (removeBaseNames is not null && removeBaseNames.Contains(record.BaseName))
            {
                expunged.Add(record.Uid);
                Shared.InternalDates.TryRemove(record.BaseName, out _);
            }
            else if (files.ContainsKey(record.BaseName))
            {
                records.Add(record);
            }
            else
            {
                (missing ??= []).Add(record);
            }
        }

        if (missing is not null)
        {
            // readdir may miss a file that is being renamed (flag change by another process): list once more before dropping.
            var again = ListFiles();
            foreach (var record in missing)
            {
                if (again.TryGetValue(record.BaseName, out var file))
                {
                    files[record.BaseName] = file;
                    records.Add(record);
                }
                else
                {
                    expunged.Add(record.Uid);
                }
            }

            records.Sort(static (a, b) => a.Uid.CompareTo(b.Uid));
        }

        if ((list.Torn || list.SkippedLines) && await LostGivenUidsAsync(list, records, expunged, files.Keys, cancellationToken))
        {
            list = UidList.Create(NewUidValidity(), 1);
            records.Clear();
            expunged.Clear();
            rewrite = true;
            StoreLog.UidValidityResetForLostRecords(context.Logger, FolderPath, list.UidValidity);
        }

        rewrite |= expunged.Count > 0;
        var known = new HashSet<string>(records.Select(static r => r.BaseName), StringComparer.Ordinal);
        var last = lastInOrder is null ? null : new HashSet<string>(lastInOrder, StringComparer.Ordinal);
        var pending = files.Keys
            .Where(b => !known.Contains(b) && (last is null || !last.Contains(b)) && (removeBaseNames is null || !removeBaseNames.Contains(b)))
            .ToList();
        pending.Sort(MaildirFileName.CompareArrival);
        if (lastInOrder is not null)
        {
            pending.AddRange(lastInOrder.Where(b => files.ContainsKey(b) && !known.Contains(b)));
        }

        // Our modseq log records every UID given out (fsynced before it was answered): a torn or hand-edited uidlist must
        // never make us hand one out again.
        var proven = await LoadModSeqAsync(cancellationToken);
        var next = proven.UidValidity == list.UidValidity ? Math.Max(list.NextUid, proven.NextUid) : list.NextUid;
        var assigned = new Dictionary<string, uint>(pending.Count, StringComparer.Ordinal);
        var added = new List<UidListRecord>(pending.Count);
        var appended = new StringBuilder();
        foreach (var baseName in pending)
        {
            records.Add(new UidListRecord(next, baseName));
            added.Add(new UidListRecord(next, baseName));
            assigned[baseName] = next;
            appended.Append(UidList.FormatRecord(next, baseName));
            next++;
        }

        if (rewrite)
        {
            DurableIo.ReplaceFile(UidListPath, TmpPath, list.Format(records, next));
            Shared.SetCachedUidList(UidListPath, list.Rewritten(records, next));
            Shared.StaleRecords = 0;
        }
        else if (assigned.Count > 0)
        {
            DurableIo.AppendDurable(UidListPath, appended.ToString());
            Shared.SetCachedUidList(UidListPath, list.WithAppended(added));
        }

        foreach (var baseName in Shared.PendingInCur.Keys)
        {
            if (known.Contains(baseName) || assigned.ContainsKey(baseName) || !files.ContainsKey(baseName))
            {
                Shared.PendingInCur.TryRemove(baseName, out _);
            }
        }

        if (assigned.Count > 0 || expunged.Count > 0)
        {
            await RecordModSeqAsync(list.UidValidity, next, assigned.Values.ToList(), expunged, durable: true, cancellationToken);
            Shared.Notifier.Notify();
        }

        return assigned;
    }

    /// <summary>
    /// How many records of deleted files an expunge may leave in <c>dovecot-uidlist</c> before the next one rewrites it. A
    /// record whose file is gone means "expunged" to every reader (Dovecot included), so dropping it can wait; rewriting the
    /// whole file (and listing cur/ to find every gone file) on each EXPUNGE made its cost grow with the folder.
    /// </summary>
    private static int StaleRecordLimit(UidList list) => Math.Max(64, list.Count / 4);

    /// <summary>
    /// With the lock held, for deliveries, commits and expunges: only new/ (plus <paramref name="lastInOrder"/>, just renamed
    /// into cur/) can hold files this process has not given UIDs, so cur/ is not listed and the unchanged uidlist is not read
    /// again. Files without UIDs that others put into cur/ are found by the session's scan, which then runs the full
    /// assignment. Records of <paramref name="removeBaseNames"/> (files this process just deleted) stay in the uidlist until
    /// <see cref="StaleRecordLimit"/> is reached; their UIDs are recorded as expunged in the modseq log (durably).
    /// </summary>
    private async ValueTask<Dictionary<string, uint>> AssignNewLockedAsync(
        UidList list,
        IReadOnlyList<string>? lastInOrder,
        IReadOnlyCollection<string>? removeBaseNames,
        IReadOnlyDictionary<string, string>? committedNames,
        StrongBox<ScanResult?>? published,
        CancellationToken cancellationToken)
    {
        if (committedNames is null && removeBaseNames is null)
        {
            return await AssignNewCoreAsync(list, lastInOrder, null, null, gateHeld: false, null, cancellationToken);
        }

        // A commit or expunge updates the cached scan (PublishDeltaAsync): holding the modseq gate from the check of that
        // scan to the publication means every other change in this process, which writes the modseq log after its rename,
        // either finished before the check (and shows in its stamp) or grows the log after the published stamp.
        await Shared.ModSeqGate.WaitAsync(cancellationToken);
        try
        {
            return await AssignNewCoreAsync(list, lastInOrder, removeBaseNames, committedNames, gateHeld: true, published, cancellationToken);
        }
        finally
        {
            Shared.ModSeqGate.Release();
        }
    }

    private async ValueTask<Dictionary<string, uint>> AssignNewCoreAsync(
        UidList list,
        IReadOnlyList<string>? lastInOrder,
        IReadOnlyCollection<string>? removeBaseNames,
        IReadOnlyDictionary<string, string>? committedNames,
        bool gateHeld,
        StrongBox<ScanResult?>? published,
        CancellationToken cancellationToken)
    {
        var before = gateHeld ? DeltaBase() : null;
        Shared.KnownUidValidity = Math.Max(Shared.KnownUidValidity, list.UidValidity);
        var last = lastInOrder is null ? null : new HashSet<string>(lastInOrder, StringComparer.Ordinal);
        var pending = new List<string>();
        if (Directory.Exists(NewPath))
        {
            // Files that already have UIDs (new/ keeps growing until a client opens the folder) are skipped inside the
            // enumeration, so they cost no string.
            var unknown = new FileSystemEnumerable<string>(
                NewPath,
                static (ref FileSystemEntry entry) => MaildirFileName.BaseNameSpanOf(entry.FileName).ToString(),
                new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false })
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                    !entry.IsDirectory && entry.FileName.Length > 0 && entry.FileName[0] != '.' && !list.Contains(MaildirFileName.BaseNameSpanOf(entry.FileName)),
            };
            foreach (var baseName in unknown)
            {
                if (last is null || !last.Contains(baseName))
                {
                    pending.Add(baseName);
                }
            }
        }

        pending.Sort(MaildirFileName.CompareArrival);
        var fromNew = pending.Count;
        if (lastInOrder is not null)
        {
            pending.AddRange(lastInOrder.Where(b => !list.Contains(b)));
        }

        var expunged = new List<uint>();
        if (removeBaseNames is not null)
        {
            foreach (var baseName in removeBaseNames)
            {
                if (list.TryGetUid(baseName, out var uid))
                {
                    expunged.Add(uid);
                }

                // INTERNALDATE is cached per base name for the life of the process: an expunged message must not stay.
                Shared.InternalDates.TryRemove(baseName, out _);
            }
        }

        var assigned = new Dictionary<string, uint>(pending.Count, StringComparer.Ordinal);
        if (pending.Count == 0 && expunged.Count == 0)
        {
            return assigned;
        }

        var proven = gateHeld ? LoadModSeqUnlocked() : await LoadModSeqAsync(cancellationToken);
        var next = proven.UidValidity == list.UidValidity ? Math.Max(list.NextUid, proven.NextUid) : list.NextUid;
        if (pending.Count > 0)
        {
            var added = new List<UidListRecord>(pending.Count);
            var appended = new StringBuilder();
            foreach (var baseName in pending)
            {
                added.Add(new UidListRecord(next, baseName));
                assigned[baseName] = next;
                appended.Append(UidList.FormatRecord(next, baseName));
                next++;
            }

            DurableIo.AppendDurable(UidListPath, appended.ToString());
            Shared.SetCachedUidList(UidListPath, list.WithAppended(added));
        }

        Shared.StaleRecords += expunged.Count;
        if (gateHeld)
        {
            await RecordModSeqUnlockedAsync(list.UidValidity, next, assigned.Values.ToList(), expunged, durable: true, cancellationToken);
        }
        else
        {
            await RecordModSeqAsync(list.UidValidity, next, assigned.Values.ToList(), expunged, durable: true, cancellationToken);
        }

        if (fromNew == 0 && before is not null)
        {
            var result = PublishDelta(before, list.UidValidity, next, assigned, committedNames, expunged);
            if (published is not null)
            {
                published.Value = result;
            }
        }

        Shared.Notifier.Notify();
        return assigned;
    }

    /// <summary>
    /// Before a commit or expunge, with the folder lock and the modseq gate held: the current scan result, if it still
    /// describes the folder apart from the directory times and dovecot-keywords (the caller may already have renamed or
    /// deleted its own files and mapped new keywords; the keywords are read again).
    /// </summary>
    private ScanResult? DeltaBase()
    {
        if (Shared.LastResult is not { } last || !last.CanBeUpdatedAt(ScanResult.WallClock))
        {
            return null;
        }

        var stamp = FolderStamp.Read(this);
        return last.Stamp with { NewTicks = stamp.NewTicks, CurTicks = stamp.CurTicks, KeywordsTicks = stamp.KeywordsTicks } == stamp ? last : null;
    }

    /// <summary>
    /// After a commit or expunge, still holding the folder lock and the modseq gate: publishes the previous scan with exactly
    /// this change applied, instead of making the next command list the folder again. Any other change in this process
    /// also writes the modseq log after its rename, which it cannot do while the gate is held, so it grows the log past the
    /// stamp published here. A change by another process in the meantime is seen when the result's listing is
    /// <see cref="ScanResult.TrustWindow"/> old, as for a same-tick change.
    /// </summary>
    private ScanResult? PublishDelta(
        ScanResult before,
        uint uidValidity,
        uint next,
        Dictionary<string, uint> assigned,
        IReadOnlyDictionary<string, string>? committedNames,
        List<uint> expunged)
    {
        var old = before.Scan;
        if (old.UidValidity != uidValidity || (assigned.Count > 0 && committedNames is null))
        {
            return null;
        }

        var stamp = FolderStamp.Read(this);

        var gone = expunged.Count == 0 ? null : new HashSet<uint>(expunged);
        var messages = new List<ScannedMessage>(old.Messages.Count + assigned.Count);
        foreach (var message in old.Messages)
        {
            if (gone is null || !gone.Contains(message.Uid))
            {
                messages.Add(message);
            }
        }

        foreach (var (baseName, uid) in assigned.OrderBy(static pair => pair.Value))
        {
            if (!committedNames!.TryGetValue(baseName, out var fileName))
            {
                return null;
            }

            var parsed = MaildirFileName.Parse(fileName);
            var fullPath = PathOf(fileName, inNew: false);
            messages.Add(new ScannedMessage(uid, fileName, false, parsed, InternalDateOf(baseName, fullPath), parsed.Size ?? SizeOf(fullPath)));
        }

        var log = LoadModSeqUnlocked();
        var scan = new FolderScan(
            uidValidity,
            Math.Max(old.NextUid, next),
            Math.Max(log.HighestModSeq, 1),
            ReadKeywords(),
            messages,
            new Dictionary<uint, ulong>(log.ModSeqs),
            PendingFiles: 0,
            NeedsRepair: false);
        var result = new ScanResult(scan, stamp, SettledWhenListed: false, before.ListedAt);
        Shared.LastResult = result;
        return result;
    }

    /// <summary>Lock-free path: tries the lock exactly once to assign pending UIDs; if busy the holder (or the next sync) does it.</summary>
    public ValueTask TrySyncPendingAsync(CancellationToken cancellationToken) => TrySyncPendingAsync(newOnly: false, cancellationToken);

    /// <summary>As above; <paramref name="newOnly"/> (delivery) looks at new/ only.</summary>
    public async ValueTask TrySyncPendingAsync(bool newOnly, CancellationToken cancellationToken)
    {
        if (!newOnly)
        {
            Shared.MarkFullPending();
        }

        Shared.MarkPending();
        while (Shared.HasPendingHint)
        {
            var lease = context.Locker.TryAcquireOnce(FolderPath);
            if (lease is null)
            {
                return;
            }

            using (lease)
            {
                Shared.ConsumePending();
                var full = Shared.ConsumeFullPending();
                await AssignLockedAsync(lease, null, null, newOnly: !full, null, cancellationToken);
            }
        }
    }

    /// <summary>Takes the lock through the retry pipeline (APPEND, EXPUNGE, RENAME, DELETE); null when the budget ran out.</summary>
    public ValueTask<FolderLockLease?> LockAsync(CancellationToken cancellationToken) => context.Locker.AcquireAsync(FolderPath, cancellationToken);

    /// <summary>Called after releasing a lock: a delivery that found it busy left a hint; serve it now.</summary>
    public async ValueTask AfterReleaseAsync(CancellationToken cancellationToken)
    {
        while (Shared.HasPendingHint)
        {
            var lease = context.Locker.TryAcquireOnce(FolderPath);
            if (lease is null)
            {
                return;
            }

            using (lease)
            {
                Shared.ConsumePending();
                var full = Shared.ConsumeFullPending();
                await AssignLockedAsync(lease, null, null, newOnly: !full, null, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Commits staged tmp/ files into cur/ (all or none) with flags, keywords and INTERNALDATE, then assigns their UIDs after the
    /// pending new/ files. Budget exhausted: <paramref name="requireUids"/> deletes them (InUse), otherwise they are committed without UIDs.
    /// </summary>
    public async ValueTask<(StoreStatus Status, IReadOnlyList<uint> Uids)> CommitStagedAsync(
        IReadOnlyList<StagedFile> files,
        bool requireUids,
        bool keepStagedOnInUse,
        CancellationToken cancellationToken)
    {
        using var request = new CommitRequest(files);
        Shared.Commits.Enqueue(request);
        FolderLockLease? lease;
        try
        {
            lease = await context.Locker.AcquireAsync(FolderPath, request.Settled, cancellationToken);
        }
        catch (OperationCanceledException) when (!request.TryWithdraw())
        {
            // Cancelled while a holder was already committing it: the outcome is the holder's.
            lease = null;
        }

        if (lease is not null)
        {
            using (lease)
            {
                await CommitQueuedAsync(lease);
            }

            await AfterReleaseAsync(cancellationToken);
        }
        else if (request.TryWithdraw())
        {
            StoreLog.LockBudgetExhausted(context.Logger, FolderPath, "append");
            if (requireUids)
            {
                if (!keepStagedOnInUse)
                {
                    foreach (var file in files)
                    {
                        DurableIo.DeleteIfExists(file.TmpPath);
                    }
                }

                return (StoreStatus.InUse, []);
            }

            MoveIntoCur(files, canAddKeywords: false, null);
            foreach (var file in files)
            {
                Shared.PendingInCur[file.BaseName] = 0;
            }

            Shared.MarkPending();
            Shared.Notifier.Notify();
            return (StoreStatus.Ok, []);
        }

        IReadOnlyList<uint> uids;
        try
        {
            uids = await request.Completion;
        }
        catch (KeywordLimitException)
        {
            // Refused before anything moved: the files are still in tmp/, exactly as for InUse.
            if (!keepStagedOnInUse)
            {
                foreach (var file in files)
                {
                    DurableIo.DeleteIfExists(file.TmpPath);
                }
            }

            return (StoreStatus.TooManyKeywords, []);
        }

        return uids.Contains(0u) ? (StoreStatus.Ok, []) : (StoreStatus.Ok, uids);
    }

    /// <summary>With the lock held: commits every queued request (each all or none) with one uidlist write and one fsync.</summary>
    private async ValueTask CommitQueuedAsync(FolderLockLease lease)
    {
        var batch = new List<CommitRequest>();
        while (Shared.Commits.TryDequeue(out var queued))
        {
            if (queued.TryClaim())
            {
                batch.Add(queued);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        var committed = new List<CommitRequest>(batch.Count);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var request in batch)
        {
            try
            {
                MoveIntoCur(request.Files, canAddKeywords: true, names);
                committed.Add(request);
            }
            catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
            {
                request.Fail(exception);
            }
        }

        try
        {
            var order = committed.SelectMany(static r => r.Files).Select(static f => f.BaseName).ToList();
            var assigned = await AssignLockedAsync(lease, order, null, newOnly: true, names, CancellationToken.None);
            foreach (var request in committed)
            {
                request.Complete(request.Files.Select(f => assigned.TryGetValue(f.BaseName, out var uid) ? uid : 0u).ToList());
            }
        }
        catch (Exception exception)
        {
            foreach (var request in committed)
            {
                request.Fail(exception);
            }

            throw;
        }
    }

    public async ValueTask<ulong> RecordModSeqAsync(uint uidValidity, uint nextUid, IReadOnlyCollection<uint> changed, IReadOnlyCollection<uint> expunged, bool durable, CancellationToken cancellationToken)
    {
        await Shared.ModSeqGate.WaitAsync(cancellationToken);
        try
        {
            return await RecordModSeqUnlockedAsync(uidValidity, nextUid, changed, expunged, durable, cancellationToken);
        }
        finally
        {
            Shared.ModSeqGate.Release();
        }
    }

    /// <summary>
    /// Records flag changes this process just made (renames in cur/) and, when the cached scan described the folder exactly
    /// as it was before them, publishes it with these renames applied, so the next refresh does not list the whole folder again
    /// (UID STORE was the one command of the IMAP mix whose refresh still did). Same trust rule as for commits and expunges:
    /// a change by another process meanwhile shows once the underlying listing is <see cref="ScanResult.TrustWindow"/> old.
    /// </summary>
    /// <param name="stampBeforeRenames">The folder's stamp read just before the renames: the cached scan is only updated if it was
    /// made for exactly that state, so a file another process removed or added before our renames is never hidden by them.</param>
    public async ValueTask<(ulong ModSeq, ScanResult? Published)> RecordFlagChangesAsync(
        uint uidValidity, uint nextUid, IReadOnlyDictionary<uint, string> renamed, FolderStamp stampBeforeRenames, CancellationToken cancellationToken)
    {
        await Shared.ModSeqGate.WaitAsync(cancellationToken);
        try
        {
            var before = Shared.LastResult is { } last && last.Stamp == stampBeforeRenames && last.CanBeUpdatedAt(ScanResult.WallClock) ? last : null;
            var modSeq = await RecordModSeqUnlockedAsync(uidValidity, nextUid, [.. renamed.Keys], [], durable: false, cancellationToken);
            var published = before is not null && before.Scan.UidValidity == uidValidity ? PublishRenames(before, renamed) : null;
            return (modSeq, published);
        }
        finally
        {
            Shared.ModSeqGate.Release();
        }
    }

    private ScanResult? PublishRenames(ScanResult before, IReadOnlyDictionary<uint, string> renamed)
    {
        var old = before.Scan;
        var messages = new ScannedMessage[old.Messages.Count];
        var found = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            var message = old.Messages[i];
            if (renamed.TryGetValue(message.Uid, out var fileName))
            {
                message = message with { FileName = fileName, InNew = false, Parsed = MaildirFileName.Parse(fileName) };
                found++;
            }

            messages[i] = message;
        }

        if (found != renamed.Count)
        {
            // A renamed message the cached scan does not know (it arrived after that listing): let the next refresh list.
            return null;
        }

        var log = LoadModSeqUnlocked();
        var scan = old with
        {
            HighestModSeq = Math.Max(log.HighestModSeq, 1),
            Keywords = ReadKeywords(),
            Messages = messages,
            ModSeqs = new Dictionary<uint, ulong>(log.ModSeqs),
        };
        var result = new ScanResult(scan, FolderStamp.Read(this), SettledWhenListed: false, before.ListedAt);
        Shared.LastResult = result;
        return result;
    }

    /// <summary>As <see cref="RecordModSeqAsync"/>, for a caller that holds the modseq gate.</summary>
    private async ValueTask<ulong> RecordModSeqUnlockedAsync(
        uint uidValidity, uint nextUid, IReadOnlyCollection<uint> changed, IReadOnlyCollection<uint> expunged, bool durable, CancellationToken cancellationToken)
    {
        var log = LoadModSeqUnlocked();
        var modSeq = log.HighestModSeq + 1;
        var builder = new StringBuilder();
        var reset = log.UidValidity != uidValidity;
        if (reset)
        {
            builder.Append(ModSeqLog.FormatHeader(uidValidity, nextUid, log.HighestModSeq));
        }

        foreach (var uid in changed)
        {
            ModSeqLog.AppendLine(builder, uid, modSeq, expunged: false);
        }

        foreach (var uid in expunged)
        {
            ModSeqLog.AppendLine(builder, uid, modSeq, expunged: true);
        }

        var text = builder.ToString();
        var before = Shared.ModSeqStamp;
        if (reset)
        {
            DurableIo.ReplaceFile(ModSeqPath, TmpPath, text);
        }
        else if (durable)
        {
            DurableIo.AppendDurable(ModSeqPath, text);
        }
        else
        {
            await File.AppendAllTextAsync(ModSeqPath, text, cancellationToken);
        }

        ModSeqLog updated;
        var info = new FileInfo(ModSeqPath);
        if (!reset && before.Length >= 0 && info.Exists && info.Length == before.Length + Encoding.UTF8.GetByteCount(text))
        {
            // Only our lines were added since we read it (another process's append would change the length otherwise).
            log.ApplyAppended(changed, expunged, modSeq);
            updated = log;
            Shared.ModSeqStamp = (info.Length, info.LastWriteTimeUtc.Ticks);
        }
        else
        {
            updated = LoadModSeqUnlocked();
        }

        if (updated.LineCount > (2 * updated.ModSeqs.Count) + 1024)
        {
            DurableIo.ReplaceFile(ModSeqPath, TmpPath, updated.FormatCompacted(uidValidity, Math.Max(nextUid, updated.NextUid)));
            LoadModSeqUnlocked();
        }

        return modSeq;
    }

    /// <summary>The modseq state for a scan: the per-UID map is copied under the gate because our appends update it in place.</summary>
    private async ValueTask<(uint UidValidity, uint NextUid, ulong HighestModSeq, Dictionary<uint, ulong> ModSeqs)> LoadModSeqSnapshotAsync(CancellationToken cancellationToken)
    {
        await Shared.ModSeqGate.WaitAsync(cancellationToken);
        try
        {
            var log = LoadModSeqUnlocked();
            return (log.UidValidity, log.NextUid, log.HighestModSeq, new Dictionary<uint, ulong>(log.ModSeqs));
        }
        finally
        {
            Shared.ModSeqGate.Release();
        }
    }

    private async ValueTask<ModSeqLog> LoadModSeqAsync(CancellationToken cancellationToken)
    {
        await Shared.ModSeqGate.WaitAsync(cancellationToken);
        try
        {
            return LoadModSeqUnlocked();
        }
        finally
        {
            Shared.ModSeqGate.Release();
        }
    }

    private ModSeqLog LoadModSeqUnlocked()
    {
        var info = new FileInfo(ModSeqPath);
        var stamp = info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : (-1L, 0L);
        if (Shared.ModSeqLog is { } cached && Shared.ModSeqStamp == stamp)
        {
            return cached;
        }

        var log = ModSeqLog.Parse(DurableIo.ReadAllTextOrNull(ModSeqPath));
        Shared.ModSeqLog = log;
        Shared.ModSeqStamp = stamp;
        return log;
    }

    private async ValueTask<UidList> RebuildHeaderAsync(int fileCount, CancellationToken cancellationToken)
    {
        var modSeq = await LoadModSeqAsync(cancellationToken);
        if (modSeq.UidValidity != 0)
        {
            // Our side file proves every UID ever given out here: keep UIDVALIDITY, continue above them.
            StoreLog.UidListRepaired(context.Logger, FolderPath);
            return UidList.Create(modSeq.UidValidity, Math.Max(modSeq.NextUid, 1));
        }

        var uidValidity = NewUidValidity();
        if (fileCount > 0)
        {
            StoreLog.UidValidityReset(context.Logger, FolderPath, uidValidity);
        }

        return UidList.Create(uidValidity, 1);
    }

    private uint NewUidValidity()
    {
        var uidValidity = (uint)context.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (uidValidity <= Shared.KnownUidValidity)
        {
            // Rebuilt within the same second as the old one was made: it must still differ, and grow (RFC 3501 §2.3.1.1).
            uidValidity = Shared.KnownUidValidity + 1;
        }

        return uidValidity;
    }

    /// <summary>
    /// A torn or damaged uidlist lost records of UIDs that were given out (our modseq log lists them as live) while files without
    /// a record exist: nothing says which file had which lost UID, and giving them new UIDs under the same UIDVALIDITY would
    /// change UIDs silently, which RFC 3501 §2.3.1.1 forbids. The caller then starts a new UIDVALIDITY.
    /// </summary>
    private async ValueTask<bool> LostGivenUidsAsync(
        UidList list, List<UidListRecord> kept, List<uint> expunged, IEnumerable<string> files, CancellationToken cancellationToken)
    {
        var proven = await LoadModSeqAsync(cancellationToken);
        if (proven.UidValidity != list.UidValidity)
        {
            return false;
        }

        var listed = new HashSet<uint>(kept.Select(static r => r.Uid));
        listed.UnionWith(expunged);
        if (proven.ModSeqs.Keys.All(listed.Contains))
        {
            return false;
        }

        var names = new HashSet<string>(kept.Select(static r => r.BaseName), StringComparer.Ordinal);
        return files.Any(name => !names.Contains(name));
    }

    private void MoveIntoCur(IReadOnlyList<StagedFile> files, bool canAddKeywords, Dictionary<string, string>? names)
    {
        // Most commits carry no keyword: they must not pay for reading dovecot-keywords.
        if (canAddKeywords && files.Any(static f => f.Keywords.Count > 0) && !HasRoomForKeywords(files.SelectMany(static f => f.Keywords)))
        {
            // All or none, like the rest of the batch: a keyword without a letter would otherwise be dropped silently.
            throw new KeywordLimitException(FolderPath);
        }

        var moved = new List<(string From, string To)>(files.Count);
        try
        {
            foreach (var file in files)
            {
                var letters = MapKeywords(file.Keywords, canAddKeywords);
                var target = Path.Combine(CurPath, MaildirFileName.Build(file.BaseName, Separator, file.Flags & ~MessageFlags.Recent, letters, string.Empty));
                if (file.InternalDate is { } date)
                {
                    File.SetLastWriteTimeUtc(file.TmpPath, date.UtcDateTime);
                }

                Shared.InternalDates[file.BaseName] = file.InternalDate ?? new DateTimeOffset(File.GetLastWriteTimeUtc(file.TmpPath), TimeSpan.Zero);
                File.Move(file.TmpPath, target);
                moved.Add((file.TmpPath, target));
                names?.Add(file.BaseName, Path.GetFileName(target));
            }

            DurableIo.FsyncDirectory(CurPath);
        }
        catch
        {
            // All or none: a batch that cannot be committed whole goes back to tmp/ (and is deleted there by the caller's dispose).
            foreach (var (from, to) in moved)
            {
                File.Move(to, from);
            }

            throw;
        }
    }

    private DateTimeOffset InternalDateOf(string baseName, string fullPath)
    {
        if (Shared.InternalDates.TryGetValue(baseName, out var cached))
        {
            return cached;
        }

        var modified = File.GetLastWriteTimeUtc(fullPath);
        if (modified.Year <= 1601)
        {
            // Renamed between listing and stat: do not cache a placeholder.
            return context.TimeProvider.GetUtcNow();
        }

        var value = new DateTimeOffset(modified, TimeSpan.Zero);
        Shared.InternalDates[baseName] = value;
        return value;
    }

    private static long SizeOf(string fullPath)
    {
        var info = new FileInfo(fullPath);
        return info.Exists ? info.Length : 0;
    }

    private static void AddListing(Dictionary<string, (string, bool)> files, string directory, bool inNew)
    {
        foreach (var name in EnumerateNames(directory))
        {
            files[MaildirFileName.BaseNameOf(name)] = (name, inNew);
        }
    }

    private static IEnumerable<string> EnumerateNames(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return new FileSystemEnumerable<string>(
            directory,
            static (ref FileSystemEntry entry) => entry.FileName.ToString(),
            new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false })
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory && entry.FileName.Length > 0 && entry.FileName[0] != '.',
        };
    }
}
