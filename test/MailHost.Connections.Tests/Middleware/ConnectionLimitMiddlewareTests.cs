using System.Net;
using MailHost.Connections.Middleware;
using MailHost.Connections.Tests.Support;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailHost.Connections.Tests.Middleware;

[CancelAfter(10_000)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ConnectionLimitMiddlewareTests
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _admitted;

    [Test]
    public async Task Global_limit_answers_too_busy_over_the_limit_and_admits_again_after_a_release(CancellationToken cancellationToken)
    {
        var counter = new GlobalConnectionCounter();
        ConnectionDelegate pipeline = new GlobalConnectionLimitMiddleware(HoldAsync, counter, 2, Responder(TestEndpoints.Plain)).OnConnectedAsync;

        await using var first = new InMemoryConnection();
        await using var second = new InMemoryConnection();
        await using var third = new InMemoryConnection();
        var firstRun = first.RunAsync(pipeline);
        var secondRun = second.RunAsync(pipeline);
        await third.RunAsync(pipeline);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await third.ReadToEndAsync(cancellationToken), Is.EqualTo("* BYE too busy\r\n"));
            Assert.That(_admitted, Is.EqualTo(2));
            Assert.That(counter.Count, Is.EqualTo(2));
        }

        _release.SetResult();
        await Task.WhenAll(firstRun, secondRun);
        await using var fourth = new InMemoryConnection();
        await fourth.RunAsync(pipeline);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await fourth.ReadToEndAsync(cancellationToken), Is.Empty);
            Assert.That(_admitted, Is.EqualTo(3));
            Assert.That(counter.Count, Is.Zero);
        }
    }

    [Test]
    public async Task Per_ip_limit_rejects_a_second_connection_from_the_same_address_only(CancellationToken cancellationToken)
    {
        var counter = new PerIpConnectionCounter();
        ConnectionDelegate pipeline = new PerIpConnectionLimitMiddleware(HoldAsync, counter, 1, Responder(TestEndpoints.Plain)).OnConnectedAsync;
        var address = IPAddress.Parse("198.51.100.7");

        await using var first = new InMemoryConnection(address);
        await using var sameAddress = new InMemoryConnection(address);
        await using var mappedSameAddress = new InMemoryConnection(address.MapToIPv6());
        await using var otherAddress = new InMemoryConnection(IPAddress.Parse("198.51.100.8"));
        var firstRun = first.RunAsync(pipeline);
        await sameAddress.RunAsync(pipeline);
        await mappedSameAddress.RunAsync(pipeline);
        var otherRun = otherAddress.RunAsync(pipeline);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await sameAddress.ReadToEndAsync(cancellationToken), Is.EqualTo("* BYE too busy\r\n"));
            Assert.That(await mappedSameAddress.ReadToEndAsync(cancellationToken), Is.EqualTo("* BYE too busy\r\n"));
            Assert.That(_admitted, Is.EqualTo(2));
            Assert.That(counter.CountFor(address), Is.EqualTo(1));
        }

        _release.SetResult();
        await Task.WhenAll(firstRun, otherRun);
        Assert.That(counter.CountFor(address), Is.Zero);
    }

    [Test]
    public async Task Implicit_tls_endpoint_over_the_limit_closes_without_writing(CancellationToken cancellationToken)
    {
        var counter = new PerIpConnectionCounter();
        ConnectionDelegate pipeline = new PerIpConnectionLimitMiddleware(HoldAsync, counter, 1, Responder(TestEndpoints.ImplicitTls)).OnConnectedAsync;

        await using var first = new InMemoryConnection();
        await using var second = new InMemoryConnection();
        var firstRun = first.RunAsync(pipeline);
        await second.RunAsync(pipeline);

        Assert.That(await second.ReadToEndAsync(cancellationToken), Is.Empty);
        _release.SetResult();
        await firstRun;
    }

    private static TooBusyResponder Responder(MailEndpoint endpoint) =>
        new(endpoint, "* BYE too busy\r\n"u8.ToArray(), TestMetrics.Create(), NullLogger.Instance, TimeProvider.System);

    private async Task HoldAsync(ConnectionContext connection)
    {
        Interlocked.Increment(ref _admitted);
        await _release.Task;
    }
}
