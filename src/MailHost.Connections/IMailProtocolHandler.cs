using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections;

/// <summary>
/// The last element of an endpoint's <see cref="ConnectionDelegate"/> chain: speaks IMAP, SMTP or LMTP over
/// <see cref="ConnectionContext.Transport"/> until the session ends.
/// </summary>
/// <remarks>
/// Contract with the middleware:
/// <list type="bullet">
/// <item>The handler calls <see cref="IProtocolTimeoutFeature.SetTimeout"/> whenever its state changes or a command arrives.</item>
/// <item>On timeout or shutdown the middleware calls <c>Transport.Input.CancelPendingRead()</c>; a read that returns
/// <c>IsCanceled</c> means: look at <see cref="IProtocolTimeoutFeature.IsTimedOut"/> and
/// <c>IConnectionLifetimeNotificationFeature.ConnectionClosedRequested</c>, write the protocol's goodbye
/// (IMAP <c>* BYE</c>, SMTP <c>421</c>) and return. A handler that does not return within the grace period is aborted.</item>
/// <item>STARTTLS goes through <see cref="IStartTlsFeature"/>; after it succeeds, read and write <c>connection.Transport</c> again
/// (it has been replaced).</item>
/// </list>
/// </remarks>
public interface IMailProtocolHandler
{
    MailProtocol Protocol { get; }

    /// <summary>Line a plaintext endpoint writes before closing when a connection limit is hit (IMAP <c>* BYE …</c>, SMTP <c>421 4.7.0 …</c>), CRLF included.</summary>
    ReadOnlyMemory<byte> TooBusyReply { get; }

    Task OnConnectedAsync(ConnectionContext connection);
}
