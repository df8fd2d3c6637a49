using MailHost.Connections.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Middleware;

/// <summary>
/// What both limit middlewares do to a refused connection: a plaintext endpoint writes the protocol's too-busy line;
/// an implicit-TLS endpoint writes nothing, because plaintext before the handshake is garbage to a TLS client.
/// </summary>
internal sealed class TooBusyResponder(MailEndpoint endpoint, ReadOnlyMemory<byte> tooBusyReply, ConnectionsMetrics metrics, ILogger logger)
{
    public async Task RejectAsync(ConnectionContext connection, string reason)
    {
        metrics.Rejected(endpoint.Name, reason);
        Log.ConnectionRejected(logger, connection.RemoteEndPoint, endpoint.Name, reason);
        if (endpoint.Security != EndpointSecurity.ImplicitTls && !tooBusyReply.IsEmpty)
        {
            await connection.Transport.Output.WriteAsync(tooBusyReply, connection.ConnectionClosed);
        }
    }
}
