using System.Diagnostics;

namespace MailHost.Load;

/// <summary>
/// Admits loop iterations until the iteration budget or the deadline runs out, whichever comes first. With a rate,
/// iteration n (from 0, across all workers) is admitted no earlier than n / rate seconds after the gate was made, so a
/// long run (the soak) offers a steady, moderate load instead of as much as the server takes.
/// </summary>
internal sealed class LoopGate(long? iterations, TimeSpan duration, double? rate = null)
{
    private readonly long origin = Stopwatch.GetTimestamp();
    private readonly long deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    private long taken;

    public async ValueTask<bool> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || Stopwatch.GetTimestamp() >= deadline)
        {
            return false;
        }

        var ticket = Interlocked.Increment(ref taken);
        if (iterations is { } max && ticket > max)
        {
            return false;
        }

        if (rate is not { } perSecond)
        {
            return true;
        }

        var due = origin + (long)((ticket - 1) / perSecond * Stopwatch.Frequency);
        if (due >= deadline)
        {
            return false;
        }

        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
