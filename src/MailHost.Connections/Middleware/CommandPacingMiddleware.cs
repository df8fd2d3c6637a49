using MailHost.Connections.Diagnostics;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections.Middleware;

/// <summary>Puts an <see cref="ICommandPacingFeature"/> on the connection (<c>Limits:CommandsPerSecond</c>, <c>Limits:CommandBurst</c>).</summary>
internal sealed class CommandPacingMiddleware(
    ConnectionDelegate next,
    TimeProvider timeProvider,
    double perSecond,
    int burst,
    ConnectionsMetrics metrics,
    string endpoint)
{
    public Task OnConnectedAsync(ConnectionContext connection)
    {
        connection.Features.Set<ICommandPacingFeature>(new CommandPacingFeature(timeProvider, perSecond, burst, metrics, endpoint));
        return next(connection);
    }
}
