namespace MailHost.Connections.Middleware;

/// <summary>Process-wide count of admitted connections, shared by every endpoint's limit middleware.</summary>
internal sealed class GlobalConnectionCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryAcquire(int limit)
    {
        if (Interlocked.Increment(ref _count) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _count);
}
