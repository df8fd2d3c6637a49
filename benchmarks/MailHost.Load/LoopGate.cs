using System.Diagnostics;

namespace MailHost.Load;

/// <summary>Admits loop iterations until the iteration budget or the deadline runs out, whichever comes first.</summary>
internal sealed class LoopGate(long? iterations, TimeSpan duration)
{
    private readonly long deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    private long taken;

    public bool TryEnter(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || Stopwatch.GetTimestamp() >= deadline)
        {
            return false;
        }

        return iterations is not { } max || Interlocked.Increment(ref taken) <= max;
    }
}
