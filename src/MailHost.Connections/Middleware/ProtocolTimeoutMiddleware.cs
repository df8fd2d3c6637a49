using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Middleware;

/// <summary>Puts an <see cref="IProtocolTimeoutFeature"/> on the connection, armed with a default until the handler sets its own.</summary>
internal sealed class ProtocolTimeoutMiddleware(
    ConnectionDelegate next,
    TimeProvider timeProvider,
    TimeSpan initialTimeout,
    TimeSpan grace,
    ILogger logger)
{
    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        using var feature = new ProtocolTimeoutFeature(connection, timeProvider, grace, logger);
        connection.Features.Set<IProtocolTimeoutFeature>(feature);
        feature.SetTimeout(initialTimeout);
        await next(connection);
    }
}
