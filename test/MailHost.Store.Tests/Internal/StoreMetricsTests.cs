using System.Diagnostics.Metrics;
using MailHost.Store.Internal;

namespace MailHost.Store.Tests.Internal;

public sealed class StoreMetricsTests
{
    [Test]
    public async Task Meter_reports_deliveries_appends_and_lock_acquisitions()
    {
        await using var harness = StoreHarness.Create();
        var meter = harness.Instrumentation.Meter;
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();

        var account = await harness.AccountAsync();
        await harness.DeliverAsync(StoreHarness.Message("m"), new DeliveryTarget("example.org", "alice"), new DeliveryTarget("example.org", "bob"));
        await StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("s"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(meter.Name, Is.EqualTo(StoreInstrumentation.MeterName));
            Assert.That(totals.GetValueOrDefault("mailhost.store.deliveries"), Is.EqualTo(2));
            Assert.That(totals.GetValueOrDefault("mailhost.store.appends"), Is.EqualTo(1));
            Assert.That(totals.GetValueOrDefault("mailhost.store.lock.acquisitions"), Is.GreaterThanOrEqualTo(3));
            Assert.That(totals.GetValueOrDefault("mailhost.store.lock.retries"), Is.Zero);
        }
    }
}
