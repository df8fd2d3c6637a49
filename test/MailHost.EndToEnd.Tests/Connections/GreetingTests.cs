using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Connections;

/// <summary>One daemon for the fixture: every endpoint greets over TCP, implicit-TLS ones after a handshake with our certificate.</summary>
[CancelAfter(60_000)]
public sealed class GreetingTests
{
    private DaemonProcess daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => daemon = await DaemonProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await daemon.DisposeAsync();

    [TestCase("imap", "* OK", false)]
    [TestCase("imaps", "* OK", true)]
    [TestCase("smtp", "220 ", false)]
    [TestCase("submission", "220 ", false)]
    [TestCase("submissions", "220 ", true)]
    [TestCase("lmtp", "220 ", false)]
    public async Task Endpoint_greets(string endpoint, string expected, bool tls, CancellationToken cancellationToken)
    {
        await using var connection = await LineConnection.OpenAsync(daemon, endpoint, cancellationToken);

        var greeting = await connection.ReadLineAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(greeting, Does.StartWith(expected), daemon.Output);
            Assert.That(connection.IsTls, Is.EqualTo(tls));
        }
    }

    [Test]
    public async Task Smtp_greeting_names_the_configured_host(CancellationToken cancellationToken)
    {
        await using var connection = await LineConnection.OpenAsync(daemon, "smtp", cancellationToken);

        var greeting = await connection.ReadLineAsync(cancellationToken);

        Assert.That(greeting, Does.StartWith("220 mail.example.test"));
    }
}
