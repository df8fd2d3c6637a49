namespace MailHost.Store.Internal;

/// <summary>
/// A scan, the stamp it is valid for, whether that stamp was already settled when the folder was listed, and when the
/// listing it rests on was made (a scan updated by this process's own commits and expunges keeps its listing's time). One
/// object, so that concurrent scanners publish and read it atomically.
/// </summary>
internal sealed record ScanResult(FolderScan Scan, FolderStamp Stamp, bool SettledWhenListed, DateTime ListedAt)
{
    /// <summary>How long a scan listed under a young stamp, or updated in memory, may stand in for a new listing.</summary>
    public static readonly TimeSpan TrustWindow = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The clock ages are measured with. Stamps are file times written by the kernel's real clock, so this is the wall clock,
    /// not the injected <see cref="TimeProvider"/> (a fake one would make every stamp look settled or never settle).
    /// </summary>
    public static DateTime WallClock => DateTime.UtcNow;

    /// <summary>
    /// Whether an in-memory update may start from this result: a complete scan (no files waiting for UIDs, no repair due)
    /// whose listing is still within <see cref="TrustWindow"/>.
    /// </summary>
    public bool CanBeUpdatedAt(DateTime utcNow) => Scan.PendingFiles == 0 && !Scan.NeedsRepair && utcNow - ListedAt < TrustWindow;

    /// <summary>Whether this result still describes a folder whose stamp now reads <paramref name="stamp"/>.</summary>
    public bool StandsFor(FolderStamp stamp, bool settled, DateTime utcNow) =>
        Stamp == stamp && (SettledWhenListed || (!settled && utcNow - ListedAt < TrustWindow));
}
