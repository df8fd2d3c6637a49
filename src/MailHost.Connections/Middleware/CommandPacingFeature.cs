using MailHost.Connections.Diagnostics;

namespace MailHost.Connections.Middleware;

/// <summary>
/// A token bucket per connection: <c>burst</c> commands at once, refilled at <c>perSecond</c>. A session runs one command at a
/// time, so it needs no lock; the state is two fields, cheap for 10,000 idle connections.
/// </summary>
internal sealed class CommandPacingFeature(TimeProvider timeProvider, double perSecond, int burst, ConnectionsMetrics metrics, string endpoint)
    : ICommandPacingFeature
{
    private double _tokens = burst;
    private long _refilledAt = timeProvider.GetTimestamp();

    public bool TryTake()
    {
        Refill();
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        Refill();
        if (_tokens >= 1)
        {
            return ValueTask.CompletedTask;
        }

        metrics.CommandPaced(endpoint);

        // Whole milliseconds, rounded up: Task.Delay truncates to milliseconds, so a wait under 1 ms (at 500/s a command's
        // allowance is 2 ms, so most partial refills) completed at once and PaceAsync spun on the clock until the allowance was
        // back: 3.4 % of the server's CPU in the persistent IMAP benchmark once its connections passed the rate.
        var milliseconds = Math.Ceiling((1 - _tokens) * 1000 / perSecond);
        return new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, milliseconds)), timeProvider, cancellationToken));
    }

    private void Refill()
    {
        var now = timeProvider.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (timeProvider.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
        _refilledAt = now;
    }
}
