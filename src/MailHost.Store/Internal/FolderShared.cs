using System.Collections.Concurrent;
using MailHost.Store.Maildir;

namespace MailHost.Store.Internal;

/// <summary>Per-folder state shared by every session and delivery in this process (keyed by full path).</summary>
internal sealed class FolderShared
{
    private readonly Lock uidListCacheLock = new();
    private readonly Lock viewLock = new();
    private FolderView? view;
    private FolderScan? viewScan;
    private int viewBuilds;
    private FolderChangePoller? poller;
    private UidList? cachedUidList;
    private (long Length, long Ticks) cachedStamp;
    private int pendingHint;
    private int fullPendingHint;
    private int uidListParses;
    private int curListings;
    private ScanResult? lastResult;
    private int scanListings;
    private int stampReads;
    private int openSessions;
    private long lastUsedTicks;
    private int trims;

    public FolderChangeNotifier Notifier { get; } = new();

    /// <summary>
    /// The last scan's messages by (file name, in new/): an unchanged file yields the very same object next time, so sessions
    /// recognise "nothing changed" by reference and a 100k-message refresh does no per-message work.
    /// </summary>
    public Dictionary<(string FileName, bool InNew), ScannedMessage>? LastScan { get; set; }

    /// <summary>The last complete scan and the directory/file stamps read before it, to skip re-listing an unchanged folder.</summary>
    public ScanResult? LastResult
    {
        get => Volatile.Read(ref lastResult);
        set => Volatile.Write(ref lastResult, value);
    }

    /// <summary>APPEND/COPY commits waiting for this folder's lock; the holder commits all of them together.</summary>
    public ConcurrentQueue<CommitRequest> Commits { get; } = new();

    /// <summary>The highest UIDVALIDITY this process has seen here, so a rebuild never repeats it.</summary>
    public uint KnownUidValidity { get; set; }

    /// <summary>
    /// Records left in <c>dovecot-uidlist</c> for files this process expunged (changed only with the folder lock held); the
    /// next full assignment rewrites the file without them.
    /// </summary>
    public int StaleRecords { get; set; }

    /// <summary>Serialises writers of <c>mailhost-modseq</c> in this process (flag changes do not take the folder lock).</summary>
    public SemaphoreSlim ModSeqGate { get; } = new(1, 1);

    public ModSeqLog? ModSeqLog { get; set; }

    public (long Length, long Ticks) ModSeqStamp { get; set; }

    /// <summary>INTERNALDATE (mtime) per base name: it never changes, so a sync stats each file once.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> InternalDates { get; } = new(StringComparer.Ordinal);

    /// <summary>Set by a delivery that found the lock busy; whoever holds or next takes the lock assigns the pending UIDs.</summary>
    public void MarkPending() => Volatile.Write(ref pendingHint, 1);

    public bool HasPendingHint => Volatile.Read(ref pendingHint) == 1;

    public bool ConsumePending() => Interlocked.Exchange(ref pendingHint, 0) == 1;

    /// <summary>Set by a sync that needs the whole folder examined (cur/ included, gone files dropped), not just new/.</summary>
    public void MarkFullPending() => Volatile.Write(ref fullPendingHint, 1);

    public bool ConsumeFullPending() => Interlocked.Exchange(ref fullPendingHint, 0) == 1;

    /// <summary>
    /// Base names committed into cur/ without a UID by this process (IMAP4rev1 APPEND when the lock budget ran out): while any
    /// is listed, UID assignment lists cur/ as well; otherwise only new/ can hold files without UIDs that this process knows of.
    /// </summary>
    public ConcurrentDictionary<string, byte> PendingInCur { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The shared view of <paramref name="scan"/>: built once per scan (a scan is cached until the folder changes, so once per
    /// change) and handed to every session that refreshes against it.
    /// </summary>
    public FolderView ViewOf(FolderScan scan)
    {
        lock (viewLock)
        {
            if (view is not null && ReferenceEquals(viewScan, scan))
            {
                return view;
            }

            var built = FolderView.Build(scan, view);
            viewBuilds += ReferenceEquals(built, view) ? 0 : 1;
            view = built;
            viewScan = scan;
            return built;
        }
    }

    /// <summary>Marks the folder in use now (UTC ticks of the store's clock): an idle-trim sweep leaves it alone for a while.</summary>
    public void MarkUsed(long utcTicks) => Volatile.Write(ref lastUsedTicks, utcTicks);

    /// <summary>A mailbox session selected this folder: its caches are kept while any is open.</summary>
    public void SessionOpened() => Interlocked.Increment(ref openSessions);

    public void SessionClosed(long utcTicks)
    {
        Interlocked.Decrement(ref openSessions);
        MarkUsed(utcTicks);
    }

    /// <summary>Test hook: sessions that have this folder selected.</summary>
    public int OpenSessions => Volatile.Read(ref openSessions);

    /// <summary>Test hook: how often the cached state was dropped.</summary>
    public int Trims => Volatile.Read(ref trims);

    /// <summary>
    /// Drops what is only a cache of the files (uidlist parse, scan, shared view, INTERNALDATEs, modseq index) when no session
    /// has the folder selected, nothing used it since <paramref name="idleSinceTicks"/> and no writer is inside it; each is read
    /// from disk again on next use. Kept: <see cref="KnownUidValidity"/>, <see cref="StaleRecords"/>, <see cref="PendingInCur"/>,
    /// queued commits, pending hints, the notifier, the poll and the gates, which are state, not copies of files. One thing is
    /// lost with the uidlist parse: a <c>dovecot-uidlist</c> torn while the folder is trimmed is no longer completed from the
    /// previous parse; it is handled as after a restart (records the modseq log proves but no file name names mean a new
    /// UIDVALIDITY, never a UID silently moved to another message). Returns whether anything was dropped.
    /// </summary>
    public bool TryTrim(long idleSinceTicks)
    {
        if (Volatile.Read(ref openSessions) > 0 || Volatile.Read(ref lastUsedTicks) > idleSinceTicks
            || !Commits.IsEmpty || HasPendingHint || Volatile.Read(ref fullPendingHint) == 1)
        {
            return false;
        }

        // A writer of the modseq log (flag change, commit, expunge) holds this gate: the folder is busy, try next sweep.
        if (!ModSeqGate.Wait(0))
        {
            return false;
        }

        try
        {
            var dropped = ModSeqLog is not null || LastResult is not null || LastScan is not null || !InternalDates.IsEmpty;
            ModSeqLog = null;
            ModSeqStamp = default;
            LastResult = null;
            LastScan = null;
            if (!InternalDates.IsEmpty)
            {
                InternalDates.Clear();
            }

            lock (uidListCacheLock)
            {
                dropped |= cachedUidList is not null;
                cachedUidList = null;
                cachedStamp = default;
            }

            lock (viewLock)
            {
                dropped |= view is not null;
                view = null;
                viewScan = null;
            }

            if (dropped)
            {
                Interlocked.Increment(ref trims);
            }

            return dropped;
        }
        finally
        {
            ModSeqGate.Release();
        }
    }

    /// <summary>The folder's one poll for changes by other processes (created by the first session that waits).</summary>
    public FolderChangePoller PollerFor(MaildirFolder folder, StoreContext context)
    {
        if (Volatile.Read(ref poller) is { } existing)
        {
            return existing;
        }

        var created = new FolderChangePoller(folder, Notifier, context.TimeProvider, TimeSpan.FromMilliseconds(context.Options.PollIntervalMs));
        return Interlocked.CompareExchange(ref poller, created, null) ?? created;
    }

    /// <summary>Test hook: the poll, once a session has waited.</summary>
    public FolderChangePoller? Poller => Volatile.Read(ref poller);

    /// <summary>Test hook: how many distinct views were built (a rescan that finds nothing new returns the current one).</summary>
    public int ViewBuilds
    {
        get
        {
            lock (viewLock)
            {
                return viewBuilds;
            }
        }
    }

    /// <summary>Test hook: how often a dovecot-uidlist was read and parsed (a cache miss).</summary>
    public int UidListParses => Volatile.Read(ref uidListParses);

    /// <summary>Test hook: how often a scan listed the folder (the scan cache could not answer).</summary>
    public int ScanListings => Volatile.Read(ref scanListings);

    public void CountScanListing() => Interlocked.Increment(ref scanListings);

    /// <summary>Test hook: how often the folder's stamp (five file times) was read.</summary>
    public int StampReads => Volatile.Read(ref stampReads);

    public void CountStampRead() => Interlocked.Increment(ref stampReads);

    /// <summary>Test hook: how often UID assignment listed cur/.</summary>
    public int CurListings => Volatile.Read(ref curListings);

    public void CountCurListing() => Interlocked.Increment(ref curListings);

    /// <summary>
    /// Remembers <paramref name="list"/> as the content of <paramref name="path"/> just written by us (lock held, so no one else
    /// wrote it since): the next assignment reuses it unless the file's size or mtime changed (another writer, e.g. Dovecot).
    /// </summary>
    public void SetCachedUidList(string path, UidList list)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return;
        }

        lock (uidListCacheLock)
        {
            cachedUidList = list;
            cachedStamp = (info.Length, info.LastWriteTimeUtc.Ticks);
        }
    }

    public UidList? GetCachedUidList(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        var stamp = (info.Length, info.LastWriteTimeUtc.Ticks);
        lock (uidListCacheLock)
        {
            if (cachedUidList is not null && cachedStamp == stamp)
            {
                return cachedUidList;
            }
        }

        Interlocked.Increment(ref uidListParses);
        var content = DurableIo.ReadAllTextOrNull(path);
        var parsed = content is null ? null : UidList.Parse(content);
        if (parsed is not null && System.Text.Encoding.UTF8.GetByteCount(content!) == stamp.Length)
        {
            lock (uidListCacheLock)
            {
                if (parsed is { Torn: true } or { SkippedLines: true } && cachedUidList is { } previous)
                {
                    // Cut off or damaged underneath us: what we read or wrote before still proves the lost records' UIDs.
                    parsed = parsed.WithRecovered(previous);
                }

                cachedUidList = parsed;
                cachedStamp = stamp;
            }
        }

        return parsed;
    }
}
