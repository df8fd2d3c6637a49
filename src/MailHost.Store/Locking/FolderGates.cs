using System.Collections.Concurrent;

namespace MailHost.Store.Locking;

/// <summary>
/// Process-wide in-process gates, one per folder path, so contention inside this process never reaches the dotlock.
/// Static on purpose: two store instances in one process (tests, a host with two containers) must share them, because
/// "our own pid:host in the lock file with no holder in this process" is what marks a lock left by our previous life.
/// </summary>
internal static class FolderGates
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string folderPath) => Gates.GetOrAdd(folderPath, static _ => new SemaphoreSlim(1, 1));
}
