using System.Net;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Diagnostics;

/// <summary>Every log line of the component, through the source generator.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Endpoint {EndpointName} ({Protocol}, {Security}) listening on {EndPoint}")]
    public static partial void EndpointListening(ILogger logger, string endpointName, MailProtocol protocol, EndpointSecurity security, EndPoint endPoint);

    [LoggerMessage(2, LogLevel.Information, "Endpoint {EndpointName} stopped listening on {EndPoint}")]
    public static partial void EndpointUnbound(ILogger logger, string endpointName, EndPoint endPoint);

    [LoggerMessage(3, LogLevel.Debug, "Connection opened from {RemoteEndPoint} on {EndpointName}")]
    public static partial void ConnectionOpened(ILogger logger, EndPoint? remoteEndPoint, string endpointName);

    [LoggerMessage(4, LogLevel.Debug, "Connection closed after {DurationMs} ms")]
    public static partial void ConnectionClosed(ILogger logger, long durationMs);

    [LoggerMessage(5, LogLevel.Warning, "Connection from {RemoteEndPoint} on {EndpointName} rejected: {Reason}")]
    public static partial void ConnectionRejected(ILogger logger, EndPoint? remoteEndPoint, string endpointName, string reason);

    [LoggerMessage(6, LogLevel.Information, "TLS handshake with {RemoteEndPoint} failed")]
    public static partial void HandshakeFailed(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "TLS handshake with {RemoteEndPoint} timed out or was cancelled")]
    public static partial void HandshakeTimedOut(ILogger logger, EndPoint? remoteEndPoint);

    [LoggerMessage(8, LogLevel.Debug, "Connection {ConnectionId} timed out in protocol state; asking the handler to close")]
    public static partial void ProtocolTimeout(ILogger logger, string connectionId);

    [LoggerMessage(9, LogLevel.Warning, "Connection {ConnectionId} did not finish after its timeout; aborting")]
    public static partial void TimeoutAbort(ILogger logger, string connectionId);

    [LoggerMessage(10, LogLevel.Information, "Stopping: asking {Count} open connections to close within {DrainSeconds} s")]
    public static partial void Draining(ILogger logger, int count, int drainSeconds);

    [LoggerMessage(11, LogLevel.Warning, "Aborting {Count} connections that did not close within the drain time")]
    public static partial void AbortingAfterDrain(ILogger logger, int count);

    [LoggerMessage(12, LogLevel.Error, "Connection {ConnectionId} failed")]
    public static partial void ConnectionFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "Accept loop of endpoint {EndpointName} on {EndPoint} failed")]
    public static partial void AcceptFailed(ILogger logger, string endpointName, EndPoint endPoint, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "No TLS certificate configured (Tls:Certificate); using the self-signed certificate {Path} for {HostName}. Clients will not trust it.")]
    public static partial void UsingSelfSigned(ILogger logger, string path, string hostName);

    [LoggerMessage(15, LogLevel.Warning, "Generated a self-signed TLS certificate for {HostName} at {Path}, valid until {NotAfter:u}")]
    public static partial void GeneratedSelfSigned(ILogger logger, string hostName, string path, DateTimeOffset notAfter);

    [LoggerMessage(16, LogLevel.Information, "Loaded TLS certificate {Subject} (valid until {NotAfter:u}) from {Path}")]
    public static partial void LoadedCertificate(ILogger logger, string subject, DateTimeOffset notAfter, string path);

    [LoggerMessage(17, LogLevel.Debug, "TLS established: {TlsProtocol} {CipherSuite}")]
    public static partial void TlsEstablished(ILogger logger, string tlsProtocol, string cipherSuite);

    [LoggerMessage(18, LogLevel.Warning, "STARTTLS refused: plaintext was pipelined after the command")]
    public static partial void StartTlsPipelined(ILogger logger);

    [LoggerMessage(19, LogLevel.Debug, "Connection {ConnectionId} ended because the peer went away")]
    public static partial void PeerGone(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(20, LogLevel.Debug, "Accept loop of endpoint {EndpointName} on {EndPoint} stopped")]
    public static partial void AcceptStopped(ILogger logger, string endpointName, EndPoint endPoint);

    [LoggerMessage(21, LogLevel.Debug, "Connection from {RemoteEndPoint} on {EndpointName} rejected: {Reason} (warning already given in this interval)")]
    public static partial void ConnectionRejectedQuietly(ILogger logger, EndPoint? remoteEndPoint, string endpointName, string reason);

    [LoggerMessage(22, LogLevel.Warning, "{Count} more connections on {EndpointName} were rejected by a limit in the last {Seconds} s (each at Debug level)")]
    public static partial void ConnectionsRejectedMeanwhile(ILogger logger, int count, string endpointName, int seconds);
}
