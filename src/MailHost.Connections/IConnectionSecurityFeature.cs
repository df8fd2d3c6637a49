namespace MailHost.Connections;

/// <summary>What the protocol needs to know about the connection's security (LOGINDISABLED, AUTH offers, Received: header).</summary>
public interface IConnectionSecurityFeature
{
    bool IsSecure { get; }

    /// <summary>e.g. "TLSv1.3"; null before TLS.</summary>
    string? TlsProtocol { get; }

    /// <summary>e.g. "TLS_AES_256_GCM_SHA384"; null before TLS.</summary>
    string? CipherSuite { get; }
}
