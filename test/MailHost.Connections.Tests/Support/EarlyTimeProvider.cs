namespace MailHost.Connections.Tests.Support;

/// <summary>
/// A clock whose timers fire <paramref name="early"/> before their due time, as real timers do on Linux (they tick on
/// the 4 ms CLOCK_MONOTONIC_COARSE while <see cref="TimeProvider.GetUtcNow"/> is precise). Time itself comes from
/// <paramref name="inner"/>.
/// </summary>
internal sealed class EarlyTimeProvider(TimeProvider inner, TimeSpan early) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new EarlyTimer(inner.CreateTimer(callback, state, EarlyTimer.Shorten(dueTime, early), period), early);
}
