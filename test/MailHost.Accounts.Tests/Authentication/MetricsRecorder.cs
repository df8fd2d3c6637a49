using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MailHost.Accounts.Tests.Authentication;

/// <summary>Listens to the instruments of one meter factory (so parallel tests do not see each other's measurements).</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricsRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                MeterNames.Add(instrument.Meter.Name);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var label = instrument.Name;
            foreach (var tag in tags)
            {
                label += "|" + tag.Key + "=" + tag.Value;
            }

            Totals.AddOrUpdate(label, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public ConcurrentDictionary<string, long> Totals { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> MeterNames { get; } = [];

    public long Get(string label) => Totals.GetValueOrDefault(label);

    public void Dispose() => _listener.Dispose();
}
