using System.Diagnostics.Metrics;

namespace MailHost.Connections.Diagnostics;

/// <summary>The component's one <see cref="Meter"/>, "MailHost.Connections".</summary>
internal sealed class ConnectionsMetrics
{
    public const string MeterName = "MailHost.Connections";

    private readonly Counter<long> _opened;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _handshakeFailures;
    private readonly Counter<long> _paced;

    public ConnectionsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _opened = meter.CreateCounter<long>("mailhost.connections.opened", "{connection}", "Connections accepted.");
        _active = meter.CreateUpDownCounter<long>("mailhost.connections.active", "{connection}", "Connections currently open.");
        _rejected = meter.CreateCounter<long>("mailhost.connections.rejected", "{connection}", "Connections refused by a limit.");
        _handshakeFailures = meter.CreateCounter<long>("mailhost.tls.handshake_failures", "{handshake}", "TLS handshakes that failed or timed out.");
        _paced = meter.CreateCounter<long>("mailhost.connections.commands_paced", "{command}", "Commands delayed because their connection exceeded Limits:CommandsPerSecond.");
    }

    public void Opened(string endpoint)
    {
        _opened.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));
        _active.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));
    }

    public void Closed(string endpoint) => _active.Add(-1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void Rejected(string endpoint, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("reason", reason));

    public void HandshakeFailed(string endpoint, string mode) =>
        _handshakeFailures.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("mode", mode));

    public void CommandPaced(string endpoint) => _paced.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));
}
