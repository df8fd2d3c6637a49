using MailHost.Connections.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Middleware;

/// <summary>
/// What both limit middlewares do to a refused connection: a plaintext endpoint writes the protocol's too-busy line;
/// an implicit-TLS endpoint writes nothing, because plaintext before the handshake is garbage to a TLS client.
/// A flood must not become a log flood: one Warning per <see cref="WarningInterval"/> per endpoint, the rest at Debug and
/// counted in the next Warning (the metric counts every one).
/// </summary>
internal sealed class TooBusyResponder(MailEndpoint endpoint, ReadOnlyMemory<byte> tooBusyReply, ConnectionsMetrics metrics, ILogger logger, TimeProvider timeProvider)
{
    internal static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private long _warnedAt = long.MinValue;
    private int _quiet;

    public async Task RejectAsync(ConnectionContext connection, string reason)
    {
        metrics.Rejected(endpoint.Name, reason);
        LogRejection(connection, reason);
        if (endpoint.Security != EndpointSecurity.ImplicitTls && !tooBusyReply.IsEmpty)
        {
            await connection.Transport.Output.WriteAsync(tooBusyReply, connection.ConnectionClosed);
        }
    }

    private void LogRejection(ConnectionContext connection, string reason)
    {
        var now = timeProvider.GetTimestamp();
        int quietBefore;
        lock (_gate)
        {
            if (_warnedAt != long.MinValue && timeProvider.GetElapsedTime(_warnedAt, now) < WarningInterval)
            {
                _quiet++;
                quietBefore = -1;
            }
            else
            {
                quietBefore = _quiet;
                _quiet = 0;
                _warnedAt = now;
            }
        }

        if (quietBefore < 0)
        {
            Log.ConnectionRejectedQuietly(logger, connection.RemoteEndPoint, endpoint.Name, reason);
            return;
        }

        if (quietBefore > 0)
        {
            Log.ConnectionsRejectedMeanwhile(logger, quietBefore, endpoint.Name, (int)WarningInterval.TotalSeconds);
        }

        Log.ConnectionRejected(logger, connection.RemoteEndPoint, endpoint.Name, reason);
    }
}
