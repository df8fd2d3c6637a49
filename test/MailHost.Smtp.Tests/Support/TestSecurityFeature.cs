using MailHost.Connections;

namespace MailHost.Smtp.Tests.Support;

internal sealed class TestSecurityFeature : IConnectionSecurityFeature
{
    public bool IsSecure { get; set; }

    public string? TlsProtocol { get; set; }

    public string? CipherSuite { get; set; }
}
