using MailHost.Connections;

namespace MailHost.Imap.Tests.Fakes;

internal sealed class FakeSecurityFeature : IConnectionSecurityFeature
{
    public bool IsSecure { get; set; }

    public string? TlsProtocol => IsSecure ? "TLSv1.3" : null;

    public string? CipherSuite => IsSecure ? "TLS_AES_256_GCM_SHA384" : null;
}
