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

    /// <summary>Whether this result still describes a folder whose stamp now reads <paramref name="stamp"/>.</summary>
    public bool StandsFor(FolderStamp stamp, bool settled, DateTime utcNow) =>
        Stamp == stamp && (SettledWhenListed || (!settled && utcNow - ListedAt < TrustWindow));
}
