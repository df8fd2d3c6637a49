using MailHost.Connections.Configuration;
using MailHost.Connections.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Tests.Support;

internal static class TestTls
{
    public static CertificateProvider Certificates(string dataDirectory, string hostName = "mail.test") =>
        new(Options.Create(new TlsOptions { DataDirectory = dataDirectory, HostName = hostName }), TimeProvider.System, NullLogger<CertificateProvider>.Instance);

    public static TlsHandshaker Handshaker(CertificateProvider certificates) =>
        new(certificates, Options.Create(new TlsOptions()), TimeProvider.System, TestMetrics.Create(), NullLogger<TlsHandshaker>.Instance);
}
