using System.Diagnostics;
using System.Text;
using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Connections;

/// <summary>
/// Hostile TLS handshakes against the real daemon, on both implicit-TLS endpoints and after STARTTLS on the three
/// plaintext ones: garbage, a ClientHello cut short (silence, or FIN), and a ClientHello dripped a byte at a time. Each
/// ends promptly (<c>Tls:HandshakeTimeoutSeconds</c> is a deadline, not an idle timer), the server keeps serving, and
/// a client's garbage is never an Error in the log.
/// </summary>
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class TlsHandshakeAbuseTests
{
    private static readonly string[] TlsEndpoints = ["imaps", "submissions", "imap", "smtp", "submission"];

    /// <summary>The daemon's handshake deadline in this fixture.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>What "promptly" allows beyond the deadline: the timer, the close, a busy shared machine.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Endpoints.Remove("lmtp");
        options.Configuration["Tls:HandshakeTimeoutSeconds"] = "1";
        _daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    public enum Attack
    {
        /// <summary>An HTTP request and random bytes where a ClientHello belongs.</summary>
        Garbage,

        /// <summary>A record header announcing 512 bytes of handshake, 16 of them sent, then silence.</summary>
        TruncatedThenSilent,

        /// <summary>The same cut-short ClientHello, then the client's FIN.</summary>
        TruncatedThenFin,

        /// <summary>A ClientHello dripped one byte every 200 ms: each byte arrives well inside any idle timer.</summary>
        Drip,
    }

    [TestCase(Attack.Garbage)]
    [TestCase(Attack.TruncatedThenSilent)]
    [TestCase(Attack.TruncatedThenFin)]
    [TestCase(Attack.Drip)]
    public async Task Hostile_handshake_is_closed_promptly_and_the_server_serves_on(Attack attack, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(TlsEndpoints.Select(endpoint => AttackAsync(endpoint, attack, cancellationToken)));

        using (Assert.EnterMultipleScope())
        {
            foreach (var (endpoint, closed, elapsed) in outcomes)
            {
                Assert.That(closed, Is.True, $"{endpoint}: still open {elapsed.TotalSeconds:0.0} s after a {attack} handshake\n{_daemon.Output}");
                Assert.That(elapsed, Is.LessThan(HandshakeTimeout + Slack), $"{endpoint}: closed only after {elapsed.TotalSeconds:0.0} s");
            }

            foreach (var endpoint in TlsEndpoints)
            {
                Assert.That(await GreetingAsync(endpoint, cancellationToken), Does.StartWith(endpoint.StartsWith("imap", StringComparison.Ordinal) ? "* OK" : "220 "), endpoint);
            }

            Assert.That(_daemon.HasExited, Is.False);
            Assert.That(DaemonLog.ErrorLines(_daemon.Output), Is.Empty, "a client's garbage is not a server error");
        }
    }

    private async Task<(string Endpoint, bool Closed, TimeSpan Elapsed)> AttackAsync(string endpoint, Attack attack, CancellationToken cancellationToken)
    {
        using var client = await _daemon.ConnectAsync(endpoint, cancellationToken);
        var stream = client.GetStream();
        if (endpoint is "imap" or "smtp" or "submission")
        {
            await StartTlsInPlaintextAsync(stream, endpoint, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        switch (attack)
        {
            case Attack.Garbage:
                var garbage = new byte[512];
                new Random(8).NextBytes(garbage);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: mail.example.test\r\n\r\n"), cancellationToken);
                await stream.WriteAsync(garbage, cancellationToken);
                break;
            case Attack.TruncatedThenSilent:
                await stream.WriteAsync(TruncatedClientHello, cancellationToken);
                break;
            case Attack.TruncatedThenFin:
                await stream.WriteAsync(TruncatedClientHello, cancellationToken);
                client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                break;
            case Attack.Drip:
                _ = DripAsync(stream, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(attack));
        }

        var closed = await LineConnection.WaitForCloseAsync(stream, HandshakeTimeout + Slack + Slack, cancellationToken);
        return (endpoint, closed, clock.Elapsed);
    }

    /// <summary>TLS record (handshake, TLS 1.0 record version) announcing 512 bytes, ClientHello header announcing 508, then 10 bytes.</summary>
    private static byte[] TruncatedClientHello { get; } = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 1, 2, 3, 4, 5];

    private static async Task DripAsync(Stream stream, CancellationToken cancellationToken)
    {
        var hello = TruncatedClientHello.Concat(new byte[496]).ToArray();
        try
        {
            foreach (var b in hello)
            {
                await stream.WriteAsync(new[] { b }, cancellationToken);
                await Task.Delay(200, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The server closed the connection (or the test ended): exactly what the drip is waiting for.
            return;
        }
    }

    private static async Task StartTlsInPlaintextAsync(Stream stream, string endpoint, CancellationToken cancellationToken)
    {
        var reader = new StreamLineReader(stream);
        if (endpoint == "imap")
        {
            Assert.That(await reader.ReadLineAsync(cancellationToken), Does.StartWith("* OK"));
            await stream.WriteAsync("a STARTTLS\r\n"u8.ToArray(), cancellationToken);
            Assert.That(await reader.ReadLineAsync(cancellationToken), Does.StartWith("a OK"));
            return;
        }

        Assert.That(await reader.ReadLineAsync(cancellationToken), Does.StartWith("220 "));
        await stream.WriteAsync("EHLO e2e.example.test\r\n"u8.ToArray(), cancellationToken);
        while (await reader.ReadLineAsync(cancellationToken) is { } line && !line.StartsWith("250 ", StringComparison.Ordinal))
        {
        }

        await stream.WriteAsync("STARTTLS\r\n"u8.ToArray(), cancellationToken);
        Assert.That(await reader.ReadLineAsync(cancellationToken), Does.StartWith("220 "));
    }

    private async Task<string?> GreetingAsync(string endpoint, CancellationToken cancellationToken)
    {
        await using var connection = await LineConnection.OpenAsync(_daemon, endpoint, cancellationToken);
        return await connection.ReadLineAsync(cancellationToken);
    }
}
