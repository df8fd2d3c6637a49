using System.Diagnostics;
using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Connections;

/// <summary>
/// Slowloris on every endpoint of the real daemon: a client that connects and says nothing, and one that drips a command
/// line a byte at a time and never ends it. Both are ended by the protocol's timeout with its farewell (IMAP
/// <c>* BYE</c>, SMTP/LMTP <c>421 4.4.2</c>): the timeout is a deadline for a whole command line, never an idle timer
/// that each byte re-arms.
/// </summary>
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class SlowClientTests
{
    private static readonly TimeSpan ProtocolTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DripInterval = TimeSpan.FromMilliseconds(250);

    private DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Configuration["Imap:PreAuthTimeoutSeconds"] = "2";
        options.Configuration["Smtp:CommandTimeoutSeconds"] = "2";
        _daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [TestCase(false, TestName = "Connect_and_wait_is_ended_by_the_timeout_with_the_protocols_farewell")]
    [TestCase(true, TestName = "A_command_line_dripped_a_byte_at_a_time_is_ended_by_the_same_deadline")]
    public async Task Slow_client_is_ended_with_the_protocols_farewell(bool drip, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(DaemonOptions.AllEndpoints.Select(endpoint => SlowAsync(endpoint, drip, cancellationToken)));

        using (Assert.EnterMultipleScope())
        {
            foreach (var (endpoint, farewell, closed, elapsed) in outcomes)
            {
                var expected = endpoint.StartsWith("imap", StringComparison.Ordinal)
                    ? "* BYE Autologout; idle for too long"
                    : "421 4.4.2 mail.example.test Error: timeout exceeded, closing connection";
                Assert.That(farewell, Is.EqualTo(expected), $"{endpoint}\n{_daemon.Output}");
                Assert.That(closed, Is.True, $"{endpoint}: the farewell is followed by the close");
                Assert.That(elapsed, Is.GreaterThanOrEqualTo(ProtocolTimeout).And.LessThan(ProtocolTimeout + Slack), endpoint);
            }

            Assert.That(_daemon.HasExited, Is.False);
            Assert.That(DaemonLog.ErrorLines(_daemon.Output), Is.Empty);
        }
    }

    private async Task<(string Endpoint, string? Farewell, bool Closed, TimeSpan Elapsed)> SlowAsync(string endpoint, bool drip, CancellationToken cancellationToken)
    {
        // Started before the connect: the server arms its timer when it accepts, before the TLS handshake and greeting.
        var clock = Stopwatch.StartNew();
        await using var connection = await LineConnection.OpenAsync(_daemon, endpoint, cancellationToken);
        var greeting = await connection.ReadLineAsync(cancellationToken);
        Assert.That(greeting, Does.StartWith("* OK").Or.StartWith("220 "), endpoint);
        using var stopDrip = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var dripping = drip ? DripAsync(connection, endpoint.StartsWith("imap", StringComparison.Ordinal) ? "a NOOP " : "EHLO slow", stopDrip.Token) : Task.CompletedTask;
        string? farewell;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(ProtocolTimeout + Slack + Slack);
            try
            {
                farewell = await connection.ReadLineAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                farewell = "(nothing within " + (ProtocolTimeout + Slack + Slack).TotalSeconds + " s)";
            }
        }

        var elapsed = clock.Elapsed;
        var closed = await connection.WaitForCloseAsync(Slack, cancellationToken);
        await stopDrip.CancelAsync();
        await dripping;
        return (endpoint, farewell, closed, elapsed);
    }

    /// <summary>The start of a command, then one more byte every <see cref="DripInterval"/>, never a CRLF.</summary>
    private static async Task DripAsync(LineConnection connection, string start, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var c in start)
            {
                await connection.WriteAsync(c.ToString(), cancellationToken);
                await Task.Delay(DripInterval, cancellationToken);
            }

            while (true)
            {
                await connection.WriteAsync("x", cancellationToken);
                await Task.Delay(DripInterval, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
            // The server closed the connection, or the test stopped the drip after reading the farewell.
            return;
        }
    }
}
