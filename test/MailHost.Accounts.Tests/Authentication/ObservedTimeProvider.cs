using Microsoft.Extensions.Time.Testing;

namespace MailHost.Accounts.Tests.Authentication;

/// <summary>A fake clock that also says when a timer was created, so a test advances time only once a delay is pending.</summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
