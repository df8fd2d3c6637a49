using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MailHost.Connections.Diagnostics;
using MailHost.Connections.Middleware;
using MailHost.Connections.Tests.Support;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailHost.Connections.Tests.Middleware;

[CancelAfter(10_000)]
public sealed class RejectionMetricsTests
{
    [Test]
    public async Task Rejections_are_counted_by_endpoint_and_reason(CancellationToken cancellationToken)
    {
        var metrics = TestMetrics.Create();
        var measurements = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ConnectionsMetrics.MeterName && instrument.Name == "mailhost.connections.rejected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var endpoint = tags.ToArray().Single(t => t.Key == "endpoint").Value;
            var reason = tags.ToArray().Single(t => t.Key == "reason").Value;
            measurements.Enqueue($"{endpoint}/{reason}/{value}");
        });
        listener.Start();

        var responder = new TooBusyResponder(TestEndpoints.Plain, "* BYE too busy\r\n"u8.ToArray(), metrics, NullLogger.Instance);
        ConnectionDelegate pipeline = new GlobalConnectionLimitMiddleware(_ => Task.CompletedTask, new GlobalConnectionCounter(), 0, responder).OnConnectedAsync;
        await using var connection = new InMemoryConnection();
        await connection.RunAsync(pipeline);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadToEndAsync(cancellationToken), Is.EqualTo("* BYE too busy\r\n"));
            Assert.That(measurements, Is.EqualTo(new[] { "imap/global_limit/1" }));
        }
    }
}
