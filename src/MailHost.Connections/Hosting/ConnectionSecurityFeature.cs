using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections.Hosting;

/// <summary>Per-connection security state; plaintext until implicit TLS or STARTTLS completes a handshake.</summary>
internal sealed class ConnectionSecurityFeature : IConnectionSecurityFeature
{
    public bool IsSecure { get; private set; }

    /// <summary>The connection's security feature, added if the listener did not (unit tests run middleware alone).</summary>
    public static ConnectionSecurityFeature GetOrAdd(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Features.Get<IConnectionSecurityFeature>() is ConnectionSecurityFeature existing)
        {
            return existing;
        }

        var created = new ConnectionSecurityFeature();
        connection.Features.Set<IConnectionSecurityFeature>(created);
        return created;
    }

    public string? TlsProtocol { get; private set; }

    public string? CipherSuite { get; private set; }

    public void SetSecured(SslStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        TlsProtocol = Describe(stream.SslProtocol);
        CipherSuite = stream.NegotiatedCipherSuite.ToString();
        IsSecure = true;
    }

    public void Reset()
    {
        IsSecure = false;
        TlsProtocol = null;
        CipherSuite = null;
    }

    private static string Describe(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
