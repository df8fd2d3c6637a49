using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MailHost.Connections.Diagnostics;
using MailHost.Connections.Middleware;
using MailHost.Connections.Tests.Support;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

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

        var responder = new TooBusyResponder(TestEndpoints.Plain, "* BYE too busy\r\n"u8.ToArray(), metrics, NullLogger.Instance, TimeProvider.System);
        ConnectionDelegate pipeline = new GlobalConnectionLimitMiddleware(_ => Task.CompletedTask, new GlobalConnectionCounter(), 0, responder).OnConnectedAsync;
        await using var connection = new InMemoryConnection();
        await connection.RunAsync(pipeline);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadToEndAsync(cancellationToken), Is.EqualTo("* BYE too busy\r\n"));
            Assert.That(measurements, Is.EqualTo(new[] { "imap/global_limit/1" }));
        }
    }

    [Test]
    public async Task A_flood_of_rejections_gives_one_warning_per_interval_and_counts_the_rest(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger();
        var responder = new TooBusyResponder(TestEndpoints.Plain, "* BYE too busy\r\n"u8.ToArray(), TestMetrics.Create(), logger, time);
        ConnectionDelegate pipeline = new GlobalConnectionLimitMiddleware(_ => Task.CompletedTask, new GlobalConnectionCounter(), 0, responder).OnConnectedAsync;
        for (var i = 0; i < 100; i++)
        {
            await using var connection = new InMemoryConnection();
            await connection.RunAsync(pipeline);
        }

        var warningsDuringFlood = logger.Lines.Count(l => l.Level == LogLevel.Warning);
        time.Advance(TooBusyResponder.WarningInterval);
        await using (var late = new InMemoryConnection())
        {
            await late.RunAsync(pipeline);
        }

        var warnings = logger.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(warningsDuringFlood, Is.EqualTo(1));
            Assert.That(logger.Lines.Count(l => l.Level == LogLevel.Debug), Is.EqualTo(99), "the others are still logged, at Debug");
            Assert.That(warnings, Has.Count.EqualTo(3));
            Assert.That(warnings[1], Does.StartWith("99 more connections on imap were rejected by a limit in the last 10 s"));
            Assert.That(warnings[2], Does.Contain("rejected"));
        }
    }
}
