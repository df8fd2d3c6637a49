namespace MailHost.Store.Locking;

/// <summary>A held folder lock: the in-process gate plus the dotlock, kept fresh by a touch timer until disposed.</summary>
internal sealed class FolderLockLease : IDisposable
{
    private readonly FolderGate gate;
    private readonly string lockPath;
    private readonly ITimer touchTimer;
    private int disposed;

    public FolderLockLease(FolderGate gate, string lockPath, TimeProvider timeProvider, TimeSpan touchInterval)
    {
        this.gate = gate;
        this.lockPath = lockPath;
        touchTimer = timeProvider.CreateTimer(
            static state =>
            {
                var (path, time) = ((string, TimeProvider))state!;
                DotLock.Touch(path, time);
            },
            (lockPath, timeProvider),
            touchInterval,
            touchInterval);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        touchTimer.Dispose();
        try
        {
            DotLock.Release(lockPath);
        }
        finally
        {
            FolderGates.Release(gate);
        }
    }
}
