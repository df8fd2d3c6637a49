using System.Net;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections.Middleware;

internal sealed class PerIpConnectionLimitMiddleware(
    ConnectionDelegate next,
    PerIpConnectionCounter counter,
    int limit,
    TooBusyResponder responder)
{
    public const string Reason = "per_ip_limit";

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        // Non-IP transports (tests, future Unix sockets) have no peer address to count.
        if (connection.RemoteEndPoint is not IPEndPoint remote)
        {
            await next(connection);
            return;
        }

        if (!counter.TryAcquire(remote.Address, limit))
        {
            await responder.RejectAsync(connection, Reason);
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            counter.Release(remote.Address);
        }
    }
}
