using MailHost.Connections.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Tls;

/// <summary>Offers <see cref="IStartTlsFeature"/> to the handler and, once it returns, unwinds an upgrade the way implicit TLS does.</summary>
internal sealed class StartTlsMiddleware(ConnectionDelegate next, TlsHandshaker handshaker, string endpointName, ILogger logger)
{
    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        var feature = new StartTlsFeature(connection, handshaker, ConnectionSecurityFeature.GetOrAdd(connection), endpointName, logger);
        await using (feature)
        {
            connection.Features.Set<IStartTlsFeature>(feature);
            await next(connection);
        }
    }
}
