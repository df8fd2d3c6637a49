using System.Net.Security;
using System.Security.Authentication;
using MailHost.Connections.Configuration;
using MailHost.Connections.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Tls;

/// <summary>
/// Server-side TLS handshake over a connection's current transport, shared by implicit TLS and STARTTLS. Modelled on
/// Kestrel's HttpsConnectionMiddleware: bounded by a timeout, and a failure is logged and reported, never thrown.
/// </summary>
internal sealed class TlsHandshaker(
    CertificateProvider certificates,
    IOptions<TlsOptions> options,
    TimeProvider timeProvider,
    ConnectionsMetrics metrics,
    ILogger<TlsHandshaker> logger)
{
    public const string ImplicitMode = "implicit";
    public const string StartTlsMode = "starttls";

    /// <returns>The decrypted duplex pipe, or null when the handshake failed (already logged and counted).</returns>
    public async Task<TlsDuplexPipe?> HandshakeAsync(ConnectionContext connection, string endpointName, string mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var stream = new SslStream(new DuplexPipeStream(connection.Transport), leaveInnerStreamOpen: false);
        var serverOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificates.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CipherSuitesPolicy = ModernCipherSuites.Policy,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.HandshakeTimeoutSeconds), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken, connection.ConnectionClosed);
        try
        {
            await stream.AuthenticateAsServerAsync(serverOptions, linked.Token);
        }
        catch (OperationCanceledException)
        {
            Log.HandshakeTimedOut(logger, connection.RemoteEndPoint);
            return await FailAsync(stream, endpointName, mode);
        }
        catch (Exception exception) when (exception is IOException or AuthenticationException or InvalidOperationException)
        {
            Log.HandshakeFailed(logger, connection.RemoteEndPoint, exception);
            return await FailAsync(stream, endpointName, mode);
        }

        Log.TlsEstablished(logger, stream.SslProtocol.ToString(), stream.NegotiatedCipherSuite.ToString());
        return new TlsDuplexPipe(stream);
    }

    private async Task<TlsDuplexPipe?> FailAsync(SslStream stream, string endpointName, string mode)
    {
        metrics.HandshakeFailed(endpointName, mode);
        await stream.DisposeAsync();
        return null;
    }
}
