using MailHost.Connections.Hosting;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections.Tls;

/// <summary>RFC 8314 implicit TLS: handshake before the first protocol byte, then run the rest of the chain over TLS.</summary>
internal sealed class ImplicitTlsMiddleware(ConnectionDelegate next, TlsHandshaker handshaker, string endpointName)
{
    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        var security = ConnectionSecurityFeature.GetOrAdd(connection);
        var original = connection.Transport;
        var tls = await handshaker.HandshakeAsync(connection, endpointName, TlsHandshaker.ImplicitMode, connection.ConnectionClosed);
        if (tls is null)
        {
            return;
        }

        connection.Transport = tls;
        security.SetSecured(tls.Stream);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = original;
            await tls.DisposeAsync();
        }
    }
}
