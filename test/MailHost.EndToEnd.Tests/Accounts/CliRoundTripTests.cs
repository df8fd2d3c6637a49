using MailHost.EndToEnd.Tests.Support;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailHost.EndToEnd.Tests.Accounts;

/// <summary><c>mailhost users add --password-stdin</c> in its own process, then real clients log in against the running daemon.</summary>
[CancelAfter(120_000)]
public sealed class CliRoundTripTests
{
    private const string Address = "alice@example.test";
    private const string Password = "correct horse battery staple";
    private DaemonProcess daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        daemon = await DaemonProcess.StartAsync();
        await daemon.AddUserAsync(Address, Password);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await daemon.DisposeAsync();

    [Test]
    public async Task Users_list_shows_the_added_user(CancellationToken cancellationToken)
    {
        var list = await daemon.RunCliAsync(["users", "list"], cancellationToken: cancellationToken);

        Assert.That(list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Is.EqualTo(new[] { Address }));
    }

    [Test]
    public async Task Adding_the_same_user_twice_fails_with_one_line(CancellationToken cancellationToken)
    {
        var again = await daemon.RunCliAsync(["users", "add", Address, "--password-stdin"], "other\n", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.ExitCode, Is.Not.Zero);
            Assert.That(again.Error.Trim().Split('\n'), Has.Length.EqualTo(1));
        }
    }

    [TestCase("imap", SecureSocketOptions.StartTls)]
    [TestCase("imaps", SecureSocketOptions.SslOnConnect)]
    public async Task Imap_plain_login_succeeds_with_the_password(string endpoint, SecureSocketOptions security, CancellationToken cancellationToken)
    {
        using var client = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
        await client.ConnectAsync(DaemonProcess.Host, daemon.Port(endpoint), security, cancellationToken);

        await client.AuthenticateAsync(new SaslMechanismPlain(Address, Password), cancellationToken);

        Assert.That(client.IsAuthenticated, Is.True);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    [Test]
    public async Task Imap_plain_login_fails_with_a_wrong_password(CancellationToken cancellationToken)
    {
        using var client = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
        await client.ConnectAsync(DaemonProcess.Host, daemon.Port("imaps"), SecureSocketOptions.SslOnConnect, cancellationToken);

        Assert.That(
            async () => await client.AuthenticateAsync(new SaslMechanismPlain(Address, "wrong"), cancellationToken),
            Throws.InstanceOf<AuthenticationException>());
        Assert.That(client.IsAuthenticated, Is.False);
    }

    [TestCase("submission", SecureSocketOptions.StartTls)]
    [TestCase("submissions", SecureSocketOptions.SslOnConnect)]
    public async Task Smtp_auth_plain_succeeds_with_the_password(string endpoint, SecureSocketOptions security, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
        await client.ConnectAsync(DaemonProcess.Host, daemon.Port(endpoint), security, cancellationToken);

        await client.AuthenticateAsync(new SaslMechanismPlain(Address, Password), cancellationToken);

        Assert.That(client.IsAuthenticated, Is.True);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    [Test]
    public async Task Smtp_auth_plain_fails_with_a_wrong_password(CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
        await client.ConnectAsync(DaemonProcess.Host, daemon.Port("submission"), SecureSocketOptions.StartTls, cancellationToken);

        Assert.That(
            async () => await client.AuthenticateAsync(new SaslMechanismPlain(Address, "wrong"), cancellationToken),
            Throws.InstanceOf<AuthenticationException>());
    }
}
