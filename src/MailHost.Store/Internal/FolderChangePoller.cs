namespace MailHost.Store.Internal;

/// <summary>
/// Finds changes made by other processes (which send no in-process signal) for every waiting session of a folder at once: one
/// timer and one stamp read per folder and poll interval while anyone waits, instead of a timer, a delay task and seven stats
/// per waiting session. A change found completes the folder's <see cref="FolderChangeNotifier"/>, which every waiter awaits.
/// </summary>
internal sealed class FolderChangePoller(MaildirFolder folder, FolderChangeNotifier notifier, TimeProvider timeProvider, TimeSpan interval)
{
    private readonly Lock gate = new();
    private int waiters;
    private FolderStamp last;
    private ITimer? timer;

    /// <param name="current">The stamp the waiter just read and found equal to its own: changes after it are the ones to find.</param>
    public void Register(FolderStamp current)
    {
        lock (gate)
        {
            if (waiters++ == 0)
            {
                last = current;
                timer = timeProvider.CreateTimer(static state => ((FolderChangePoller)state!).Poll(), this, interval, interval);
            }
        }
    }

    public void Unregister()
    {
        ITimer? stopped = null;
        lock (gate)
        {
            if (--waiters == 0)
            {
                stopped = timer;
                timer = null;
            }
        }

        stopped?.Dispose();
    }

    /// <summary>Test hook: sessions waiting on this folder.</summary>
    public int Waiters
    {
        get
        {
            lock (gate)
            {
                return waiters;
            }
        }
    }

    private void Poll()
    {
        var now = FolderStamp.Read(folder);
        lock (gate)
        {
            if (timer is null || now == last)
            {
                return;
            }

            last = now;
        }

        notifier.Notify();
    }
}
