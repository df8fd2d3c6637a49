using System.Collections.Concurrent;

namespace MailHost.Store.Locking;

/// <summary>
/// Process-wide in-process gates, one per folder path, so contention inside this process never reaches the dotlock.
/// Static on purpose: two store instances in one process (tests, a host with two containers) must share them, because
/// "our own pid:host in the lock file with no holder in this process" is what marks a lock left by our previous life.
/// So there must never be two gates for one path at once: a gate is counted from <see cref="Enter"/> (before waiting) to
/// <see cref="Exit"/> (after releasing), and <see cref="Sweep"/> drops only gates nobody holds or waits for, so the map
/// follows the folders in use, not every folder the process ever locked.
/// </summary>
internal static class FolderGates
{
    private static readonly ConcurrentDictionary<string, FolderGate> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate of <paramref name="folderPath"/>, counted as used until <see cref="Exit"/>.</summary>
    public static FolderGate Enter(string folderPath)
    {
        while (true)
        {
            var gate = Gates.GetOrAdd(folderPath, static _ => new FolderGate());
            lock (gate)
            {
                if (!gate.Retired)
                {
                    gate.Users++;
                    return gate;
                }
            }
        }
    }

    public static void Exit(FolderGate gate)
    {
        lock (gate)
        {
            gate.Users--;
        }
    }

    /// <summary>Enters the gate of <paramref name="key"/> and waits until this caller holds it; undone by <see cref="Release"/>.</summary>
    public static async ValueTask<FolderGate> EnterHeldAsync(string key, CancellationToken cancellationToken)
    {
        var gate = Enter(key);
        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
            return gate;
        }
        catch
        {
            Exit(gate);
            throw;
        }
    }

    /// <summary>Lets the next caller in and ends this caller's use of the gate: the undo of a held gate.</summary>
    public static void Release(FolderGate gate)
    {
        gate.Semaphore.Release();
        Exit(gate);
    }

    /// <summary>Drops every gate nobody holds or waits for; returns how many are left.</summary>
    public static int Sweep()
    {
        foreach (var pair in Gates)
        {
            var gate = pair.Value;
            lock (gate)
            {
                if (gate.Users == 0)
                {
                    gate.Retired = true;
                    Gates.TryRemove(pair);
                }
            }
        }

        return Gates.Count;
    }

    /// <summary>Test hook: whether a gate for <paramref name="folderPath"/> is in the map.</summary>
    public static bool Contains(string folderPath) => Gates.ContainsKey(folderPath);
}
