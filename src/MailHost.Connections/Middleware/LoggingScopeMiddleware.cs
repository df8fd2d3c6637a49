using MailHost.Connections.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Middleware;

internal sealed class LoggingScopeMiddleware(ConnectionDelegate next, string endpointName, TimeProvider timeProvider, ILogger logger)
{
    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        using var scope = logger.BeginScope(new ConnectionLogScope(connection.ConnectionId, connection.RemoteEndPoint, endpointName));
        var started = timeProvider.GetTimestamp();
        Log.ConnectionOpened(logger, connection.RemoteEndPoint, endpointName);
        try
        {
            await next(connection);
        }
        finally
        {
            Log.ConnectionClosed(logger, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
