using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections.Middleware;

internal sealed class GlobalConnectionLimitMiddleware(
    ConnectionDelegate next,
    GlobalConnectionCounter counter,
    int limit,
    TooBusyResponder responder)
{
    public const string Reason = "global_limit";

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (!counter.TryAcquire(limit))
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
            counter.Release();
        }
    }
}
