namespace MailHost.Store.Internal;

/// <summary>
/// A scan result a session's own change published, the folder's change signal right after it, and when: what the refresh
/// answering the same command may start from instead of reading the folder's stamp again.
/// </summary>
internal sealed record OwnPublication(ScanResult Scan, Task SignalAfter, DateTime PublishedAt)
{
    /// <summary>
    /// How long after the change the refresh may still use it: the same command's response (which follows at once), not a
    /// later command; well inside <see cref="ScanResult.TrustWindow"/>, the lateness already allowed for changes by other
    /// processes. A change by another process in between shows at the next command, and wakes IDLE at once (it compares
    /// with a freshly read stamp).
    /// </summary>
    public static readonly TimeSpan ReuseWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether the folder is still as this result describes it as far as this process knows: it is still the folder's
    /// published result, nothing in this process changed the folder since (<paramref name="signal"/> is the same pending
    /// change signal), and it is young.
    /// </summary>
    public bool StillCurrent(FolderShared shared, Task signal, DateTime utcNow) =>
        ReferenceEquals(shared.LastResult, Scan)
        && ReferenceEquals(signal, SignalAfter)
        && !signal.IsCompleted
        && utcNow - PublishedAt < ReuseWindow
        && utcNow >= PublishedAt;
}
