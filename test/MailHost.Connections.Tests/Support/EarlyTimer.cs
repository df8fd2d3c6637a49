namespace MailHost.Connections.Tests.Support;

/// <summary>A timer that fires a little before its due time (see <see cref="EarlyTimeProvider"/>).</summary>
internal sealed class EarlyTimer(ITimer inner, TimeSpan early) : ITimer
{
    /// <summary>Due times no longer than the error itself are kept, so a re-arm for "the rest" still comes.</summary>
    public static TimeSpan Shorten(TimeSpan dueTime, TimeSpan early) => dueTime > early ? dueTime - early : dueTime;

    public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(Shorten(dueTime, early), period);

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
