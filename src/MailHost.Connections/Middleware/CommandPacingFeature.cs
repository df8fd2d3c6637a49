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
        return new ValueTask(Task.Delay(TimeSpan.FromSeconds((1 - _tokens) / perSecond), timeProvider, cancellationToken));
    }

    private void Refill()
    {
        var now = timeProvider.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (timeProvider.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
        _refilledAt = now;
    }
}
