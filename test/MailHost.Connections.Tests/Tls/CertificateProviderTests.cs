using System.Security.Cryptography.X509Certificates;
using MailHost.Connections.Configuration;
using MailHost.Connections.Tests.Support;
using MailHost.Connections.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Tests.Tls;

public sealed class CertificateProviderTests
{
    [Test]
    public void Self_signed_certificate_is_generated_once_and_reused()
    {
        using var data = new TempDirectory();
        var certificatePath = Path.Combine(data.Path, "tls", CertificateProvider.CertificateFileName);
        var keyPath = Path.Combine(data.Path, "tls", CertificateProvider.KeyFileName);

        string firstThumbprint;
        using (var first = TestTls.Certificates(data.Path))
        {
            firstThumbprint = first.Certificate.Thumbprint;
        }

        var written = File.ReadAllText(certificatePath);
        using var second = TestTls.Certificates(data.Path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Certificate.Thumbprint, Is.EqualTo(firstThumbprint));
            Assert.That(File.ReadAllText(certificatePath), Is.EqualTo(written));
            Assert.That(second.Certificate.HasPrivateKey, Is.True);
            Assert.That(File.Exists(keyPath), Is.True);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(keyPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    public void Self_signed_certificate_names_the_host_and_localhost_and_lasts_over_a_year()
    {
        using var data = new TempDirectory();
        using var provider = TestTls.Certificates(data.Path, "mx.example.test");
        var certificate = provider.Certificate;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(certificate.MatchesHostname("mx.example.test"), Is.True);
            Assert.That(certificate.MatchesHostname("localhost"), Is.True);
            Assert.That(certificate.MatchesHostname("other.example.test"), Is.False);
            Assert.That(certificate.NotAfter - DateTime.Now, Is.GreaterThan(TimeSpan.FromDays(366)));
        }
    }

    [Test]
    public void A_new_host_name_gets_a_new_certificate()
    {
        using var data = new TempDirectory();
        string firstThumbprint;
        using (var first = TestTls.Certificates(data.Path, "old.example.test"))
        {
            firstThumbprint = first.Certificate.Thumbprint;
        }

        using var second = TestTls.Certificates(data.Path, "new.example.test");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Certificate.Thumbprint, Is.Not.EqualTo(firstThumbprint));
            Assert.That(second.Certificate.MatchesHostname("new.example.test"), Is.True);
        }
    }

    [Test]
    public void Configured_pem_files_are_used_instead_of_a_self_signed_certificate()
    {
        using var data = new TempDirectory();
        using var made = SelfSignedCertificateFactory.Create("configured.example.test", DateTimeOffset.UtcNow);
        var certificatePath = Path.Combine(data.Path, "cert.pem");
        var keyPath = Path.Combine(data.Path, "key.pem");
        File.WriteAllText(certificatePath, made.ExportCertificatePem());
        using (var key = made.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        var options = new TlsOptions { Certificate = certificatePath, Key = keyPath, DataDirectory = data.Path, HostName = "ignored.example.test" };
        using var provider = new CertificateProvider(Options.Create(options), TimeProvider.System, NullLogger<CertificateProvider>.Instance);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.Certificate.Thumbprint, Is.EqualTo(made.Thumbprint));
            Assert.That(Directory.Exists(Path.Combine(data.Path, "tls")), Is.False);
        }
    }

    [TestCase("mail.example.test")]
    [TestCase("buildbox")]
    [TestCase("3f2a9c81d0e4")]
    [TestCase("my_host.example.test")]
    public void Self_signed_certificate_is_made_for_any_machine_name(string hostName)
    {
        using var data = new TempDirectory();
        using var provider = TestTls.Certificates(data.Path, hostName);

        Assert.That(provider.Certificate.MatchesHostname(hostName), Is.True);
    }
}
