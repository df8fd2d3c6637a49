using System.IO.Pipelines;
using MailHost.Connections.Diagnostics;
using MailHost.Connections.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Tls;

/// <summary>
/// STARTTLS for one connection. Refuses when plaintext is already buffered behind the command: those bytes were sent
/// before TLS and must never be read as if they came through it (CVE-2011-0411, "STARTTLS command injection").
/// </summary>
internal sealed class StartTlsFeature(
    ConnectionContext connection,
    TlsHandshaker handshaker,
    ConnectionSecurityFeature security,
    string endpointName,
    ILogger logger) : IStartTlsFeature, IAsyncDisposable
{
    private IDuplexPipe? _original;
    private TlsDuplexPipe? _tls;
    private bool _attempted;

    public bool IsAvailable => !_attempted && !security.IsSecure;

    public async ValueTask<StartTlsOutcome> UpgradeAsync(ReadOnlyMemory<byte> readyReply, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            return StartTlsOutcome.NotAvailable;
        }

        var plaintext = connection.Transport;
        if (plaintext.Input.TryRead(out var pending))
        {
            var buffered = !pending.Buffer.IsEmpty;
            plaintext.Input.AdvanceTo(pending.Buffer.Start);
            if (buffered)
            {
                Log.StartTlsPipelined(logger);
                return StartTlsOutcome.RefusedPipelinedPlaintext;
            }

            if (pending.IsCanceled || pending.IsCompleted)
            {
                // TryRead consumed the cancellation (timeout or shutdown); re-arm it so the handler's next read sees it.
                plaintext.Input.CancelPendingRead();
                return StartTlsOutcome.HandshakeFailed;
            }
        }

        _attempted = true;
        await plaintext.Output.WriteAsync(readyReply, cancellationToken);
        var tls = await handshaker.HandshakeAsync(connection, endpointName, TlsHandshaker.StartTlsMode, cancellationToken);
        if (tls is null)
        {
            return StartTlsOutcome.HandshakeFailed;
        }

        _original = plaintext;
        _tls = tls;
        connection.Transport = tls;
        security.SetSecured(tls.Stream);
        return StartTlsOutcome.Upgraded;
    }

    public async ValueTask DisposeAsync()
    {
        if (_tls is not null)
        {
            connection.Transport = _original!;
            await _tls.DisposeAsync();
            _tls = null;
        }
    }
}
