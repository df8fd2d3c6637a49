using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace MailHost.Connections.Hosting;

/// <summary>
/// Lets the listener ask a session to end politely: the token tells the handler why its read was cancelled, and
/// cancelling the pending read on the current transport (which may already be the TLS pipe) wakes a handler blocked in a read.
/// </summary>
internal sealed class ConnectionLifetimeNotificationFeature : IConnectionLifetimeNotificationFeature, IDisposable
{
    private readonly ConnectionContext _connection;
    private readonly CancellationTokenSource _closeRequested = new();
    private int _finished;

    public ConnectionLifetimeNotificationFeature(ConnectionContext connection)
    {
        _connection = connection;
        ConnectionClosedRequested = _closeRequested.Token;
    }

    public CancellationToken ConnectionClosedRequested { get; set; }

    public void RequestClose()
    {
        if (Volatile.Read(ref _finished) != 0 || _closeRequested.IsCancellationRequested)
        {
            return;
        }

        _closeRequested.Cancel();
        try
        {
            _connection.Transport.Input.CancelPendingRead();
        }
        catch (ObjectDisposedException)
        {
            // The session ended and tore down its TLS pipe between the check above and here: there is no read left to wake.
            return;
        }
    }

    /// <summary>Called once the connection delegate has returned: from then on the transport may be completed or disposed.</summary>
    public void MarkFinished() => Volatile.Write(ref _finished, 1);

    public void Dispose() => _closeRequested.Dispose();
}
