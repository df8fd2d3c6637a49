using MailHost.Connections.Middleware;
using MailHost.Connections.Tests.Support;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Connections.Tests.Middleware;

[CancelAfter(10_000)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProtocolTimeoutMiddlewareTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();

    [Test]
    public async Task Handler_timeout_cancels_the_read_and_the_handler_says_goodbye(CancellationToken cancellationToken)
    {
        var handler = new TestProtocolHandler(MailProtocol.Imap);
        await using var connection = new InMemoryConnection();
        var run = connection.RunAsync(Pipeline(handler.OnConnectedAsync));
        Assert.That(await connection.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));

        _time.Advance(TestProtocolHandler.SessionTimeout - TimeSpan.FromSeconds(1));
        Assert.That(connection.ReadAvailable(), Is.Empty);

        _time.Advance(TimeSpan.FromSeconds(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(cancellationToken), Is.EqualTo("* BYE timeout"));
            Assert.That(await handler.Goodbye, Is.EqualTo("timeout"));
        }

        await run;
    }

    [Test]
    public async Task A_command_rearms_the_timer(CancellationToken cancellationToken)
    {
        var handler = new TestProtocolHandler(MailProtocol.Imap);
        await using var connection = new InMemoryConnection();
        var run = connection.RunAsync(Pipeline(handler.OnConnectedAsync));
        Assert.That(await connection.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));

        _time.Advance(TimeSpan.FromSeconds(50));
        await connection.SendAsync("NOOP\r\n", cancellationToken);
        Assert.That(await connection.ReadLineAsync(cancellationToken), Is.EqualTo("ECHO NOOP"));
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.That(handler.Goodbye.IsCompleted, Is.False);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(await connection.ReadLineAsync(cancellationToken), Is.EqualTo("* BYE timeout"));
        await run;
    }

    [Test]
    public async Task A_handler_that_ignores_its_timeout_is_aborted_after_the_grace_period(CancellationToken cancellationToken)
    {
        IProtocolTimeoutFeature? feature = null;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new InMemoryConnection();
        var run = connection.RunAsync(Pipeline(async c =>
        {
            feature = c.Features.Get<IProtocolTimeoutFeature>();
            feature!.SetTimeout(TimeSpan.FromSeconds(10));
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, c.ConnectionClosed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }));
        await started.Task;

        _time.Advance(TimeSpan.FromSeconds(10));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(feature!.IsTimedOut, Is.True);
            Assert.That(connection.Context.ConnectionClosed.IsCancellationRequested, Is.False);
        }

        // Re-arming after expiry must not postpone the abort.
        feature!.SetTimeout(TimeSpan.FromMinutes(30));
        _time.Advance(Grace);
        await run.WaitAsync(cancellationToken);
        Assert.That(connection.Context.ConnectionClosed.IsCancellationRequested, Is.True);
    }

    [Test]
    public async Task The_initial_timeout_applies_until_the_handler_sets_one(CancellationToken cancellationToken)
    {
        IProtocolTimeoutFeature? feature = null;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new InMemoryConnection();
        var run = connection.RunAsync(Pipeline(async c =>
        {
            feature = c.Features.Get<IProtocolTimeoutFeature>();
            started.SetResult();
            await c.Transport.Input.ReadAsync(cancellationToken);
        }));
        await started.Task;

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.That(feature!.IsTimedOut, Is.False);
        _time.Advance(TimeSpan.FromSeconds(1));
        await run.WaitAsync(cancellationToken);
        Assert.That(feature.IsTimedOut, Is.True);
    }

    [Test]
    public async Task CancelTimeout_disarms_the_timer(CancellationToken cancellationToken)
    {
        IProtocolTimeoutFeature? feature = null;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new InMemoryConnection();
        var run = connection.RunAsync(Pipeline(async c =>
        {
            feature = c.Features.Get<IProtocolTimeoutFeature>();
            feature!.SetTimeout(TimeSpan.FromSeconds(10));
            feature.CancelTimeout();
            started.SetResult();
            await finish.Task;
        }));
        await started.Task;

        _time.Advance(TimeSpan.FromHours(1));
        Assert.That(feature!.IsTimedOut, Is.False);
        finish.SetResult();
        await run.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task A_timer_that_fires_a_moment_early_still_ends_the_session(CancellationToken cancellationToken)
    {
        var early = TimeSpan.FromMilliseconds(4);
        IProtocolTimeoutFeature? feature = null;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new InMemoryConnection();
        var middleware = new ProtocolTimeoutMiddleware(
            async c =>
            {
                feature = c.Features.Get<IProtocolTimeoutFeature>();
                feature!.SetTimeout(TimeSpan.FromSeconds(10));
                started.SetResult();
                await c.Transport.Input.ReadAsync(cancellationToken);
            },
            new EarlyTimeProvider(_time, early),
            TimeSpan.FromMinutes(5),
            Grace,
            NullLogger.Instance);
        var run = connection.RunAsync(middleware.OnConnectedAsync);
        await started.Task;

        // The callback comes 4 ms before the deadline: too early to expire, and it must not be the timer's last word.
        _time.Advance(TimeSpan.FromSeconds(10) - early);
        Assert.That(feature!.IsTimedOut, Is.False);
        _time.Advance(early);
        await run.WaitAsync(cancellationToken);
        Assert.That(feature.IsTimedOut, Is.True);
    }

    private ConnectionDelegate Pipeline(ConnectionDelegate handler) =>
        new ProtocolTimeoutMiddleware(handler, _time, TimeSpan.FromMinutes(5), Grace, NullLogger.Instance).OnConnectedAsync;
}
