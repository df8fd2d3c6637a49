using MailHost.EndToEnd.Tests.Support;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailHost.EndToEnd.Tests.Connections;

[CancelAfter(60_000)]
public sealed class StartTlsTests
{
    private DaemonProcess daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => daemon = await DaemonProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await daemon.DisposeAsync();

    [Test]
    public async Task Imap_upgrades_with_starttls(CancellationToken cancellationToken)
    {
        using var client = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };

        await client.ConnectAsync(DaemonProcess.Host, daemon.Port("imap"), SecureSocketOptions.StartTls, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.IsSecure, Is.True);
            Assert.That(client.SslProtocol, Is.EqualTo(System.Security.Authentication.SslProtocols.Tls12).Or.EqualTo(System.Security.Authentication.SslProtocols.Tls13));
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    [TestCase("smtp")]
    [TestCase("submission")]
    public async Task Smtp_upgrades_with_starttls(string endpoint, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };

        await client.ConnectAsync(DaemonProcess.Host, daemon.Port(endpoint), SecureSocketOptions.StartTls, cancellationToken);

        Assert.That(client.IsSecure, Is.True);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    [Test]
    public async Task Imap_starttls_over_raw_bytes_then_capability_inside_tls(CancellationToken cancellationToken)
    {
        await using var connection = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
        await connection.ReadLineAsync(cancellationToken);

        await connection.WriteLineAsync("a STARTTLS", cancellationToken);
        var ready = await connection.ReadUntilAsync("a ", cancellationToken);
        await connection.UpgradeToTlsAsync(cancellationToken);
        await connection.WriteLineAsync("b CAPABILITY", cancellationToken);
        var capability = await connection.ReadUntilAsync("b ", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ready[^1], Does.StartWith("a OK"));
            Assert.That(capability[^1], Does.StartWith("b OK"));
            Assert.That(capability[0], Does.StartWith("* CAPABILITY").And.Not.Contains("STARTTLS"));
        }
    }

    [Test]
    public async Task Smtp_refuses_starttls_with_pipelined_plaintext(CancellationToken cancellationToken)
    {
        await using var connection = await LineConnection.OpenAsync(daemon, "smtp", cancellationToken);
        await connection.ReadLineAsync(cancellationToken);
        await connection.WriteLineAsync("EHLO client.test", cancellationToken);
        await connection.ReadUntilAsync("250 ", cancellationToken);

        await connection.WriteAsync("STARTTLS\r\nRSET\r\n", cancellationToken);
        var reply = await connection.ReadLineAsync(cancellationToken);

        Assert.That(reply, Does.Not.StartWith("220"), "the server must not start TLS with injected plaintext buffered");
    }
}
