using MailHost.Connections.Middleware;
using MailHost.Connections.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Connections.Tests.Middleware;

[CancelAfter(10_000)]
public sealed class CommandPacingFeatureTests
{
    [Test]
    public void A_burst_runs_at_once_and_the_next_command_waits_for_the_refill()
    {
        var time = new FakeTimeProvider();
        ICommandPacingFeature pacing = new CommandPacingFeature(time, perSecond: 10, burst: 3, TestMetrics.Create(), "imap");

        var taken = Enumerable.Range(0, 4).Select(_ => pacing.TryTake()).ToArray();
        Assert.That(taken, Is.EqualTo(new[] { true, true, true, false }));

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.That(pacing.TryTake(), Is.False, "a tenth of a second buys one command at 10/s, 99 ms does not");
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(pacing.TryTake(), Is.True);
    }

    [Test]
    public void The_allowance_never_grows_beyond_the_burst()
    {
        var time = new FakeTimeProvider();
        ICommandPacingFeature pacing = new CommandPacingFeature(time, perSecond: 10, burst: 2, TestMetrics.Create(), "smtp");

        time.Advance(TimeSpan.FromHours(1));
        var taken = Enumerable.Range(0, 3).Select(_ => pacing.TryTake()).ToArray();
        Assert.That(taken, Is.EqualTo(new[] { true, true, false }));
    }

    [Test]
    public async Task Pace_waits_exactly_until_the_allowance_is_back(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider();
        ICommandPacingFeature pacing = new CommandPacingFeature(time, perSecond: 4, burst: 1, TestMetrics.Create(), "imap");
        await pacing.PaceAsync(cancellationToken);

        var second = pacing.PaceAsync(cancellationToken).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.That(second.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;
        Assert.That(pacing.TryTake(), Is.False, "the waited-for allowance was taken by the paced command");
    }

    [Test]
    public async Task A_wait_shorter_than_a_millisecond_sleeps_a_millisecond_instead_of_completing_at_once(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider();
        ICommandPacingFeature pacing = new CommandPacingFeature(time, perSecond: 500, burst: 1, TestMetrics.Create(), "imap");
        Assert.That(pacing.TryTake(), Is.True);

        // 1.9 ms of the 2 ms a command costs at 500/s: 0.1 ms left, which Task.Delay would truncate to nothing.
        time.Advance(TimeSpan.FromMicroseconds(1900));
        var wait = pacing.WaitAsync(cancellationToken).AsTask();
        Assert.That(wait.IsCompleted, Is.False, "completing at once made PaceAsync spin on the clock");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await wait;
        Assert.That(pacing.TryTake(), Is.True);
    }

    [Test]
    public async Task Wait_completes_at_once_when_a_command_may_run_and_takes_nothing(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider();
        ICommandPacingFeature pacing = new CommandPacingFeature(time, perSecond: 1, burst: 1, TestMetrics.Create(), "lmtp");

        await pacing.WaitAsync(cancellationToken);
        Assert.That(pacing.TryTake(), Is.True);
    }
}
