using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Connections;

/// <summary>
/// 10,000 connections from one address against the real daemon: while 127.0.0.1 holds its <c>Limits:MaxConnectionsPerIp</c>,
/// every further connection from it gets the protocol's too-busy line and is closed, a client from 127.0.0.2 is still
/// greeted, and afterwards the count is back to zero and <c>mailhost health</c> passes.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class ConnectionFloodTests
{
    private const int PerIpLimit = 8;
    private const int FloodConnections = 10_000;

    /// <summary>Connections in flight at once: enough to be a flood, few enough for the test process's descriptors and a 2-core CI.</summary>
    private const int FloodConcurrency = 64;

    private const string ImapTooBusy = "* BYE [UNAVAILABLE] Too many connections, try again later";
    private const string SmtpTooBusy = "421 4.7.0 mail.example.test Too many connections, try again later";

    [Test]
    public async Task Ten_thousand_connections_from_one_address_are_refused_while_another_address_is_served(CancellationToken cancellationToken)
    {
        var options = new DaemonOptions();
        options.Configuration["Limits:MaxConnectionsPerIp"] = PerIpLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var daemon = await DaemonProcess.StartAsync(options, cancellationToken);

        var held = new List<LineConnection>();
        for (var i = 0; i < PerIpLimit; i++)
        {
            var connection = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
            held.Add(connection);
            Assert.That(await connection.ReadLineAsync(cancellationToken), Does.StartWith("* OK"), "below the limit every connection is greeted");
        }

        var answers = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var flood = Parallel.ForEachAsync(
            Enumerable.Range(0, FloodConnections),
            new ParallelOptions { MaxDegreeOfParallelism = FloodConcurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var endpoint = i % 2 == 0 ? "imap" : "smtp";
                var answer = await RefusedAnswerAsync(daemon.Port(endpoint), token);
                answers.AddOrUpdate(endpoint + ": " + answer, 1, static (_, n) => n + 1);
            });

        // While 127.0.0.1 is at its limit (and flooding), another address is served on both protocols.
        string? otherImap;
        string? otherSmtp;
        await using (var other = await LineConnection.OpenAsync(daemon, "imap", IPAddress.Parse("127.0.0.2"), cancellationToken))
        {
            otherImap = await other.ReadLineAsync(cancellationToken);
        }

        await using (var other = await LineConnection.OpenAsync(daemon, "smtp", IPAddress.Parse("127.0.0.2"), cancellationToken))
        {
            otherSmtp = await other.ReadLineAsync(cancellationToken);
        }

        await flood;
        var floodTime = clock.Elapsed;
        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }

        // The count drains back to zero: 127.0.0.1 is greeted again once its held connections are gone.
        var again = await GreetedWithinAsync(daemon, TimeSpan.FromSeconds(10), cancellationToken);
        var health = await daemon.RunCliAsync(["health"], cancellationToken: cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers, Is.EquivalentTo(new Dictionary<string, int>
            {
                ["imap: " + ImapTooBusy] = FloodConnections / 2,
                ["smtp: " + SmtpTooBusy] = FloodConnections / 2,
            }), "every connection over the limit gets exactly the too-busy line, then the close");
            Assert.That(otherImap, Does.StartWith("* OK"), "127.0.0.2 is not limited by 127.0.0.1's connections");
            Assert.That(otherSmtp, Does.StartWith("220 "));
            Assert.That(again, Does.StartWith("* OK"), "the per-IP count went back down");
            Assert.That(health.ExitCode, Is.Zero, health.Output + health.Error);
            Assert.That(daemon.HasExited, Is.False);
            Assert.That(DaemonLog.ErrorLines(daemon.Output), Is.Empty);
        }

        TestContext.Out.WriteLine($"{FloodConnections} refused connections in {floodTime.TotalSeconds:0.0} s");
    }

    /// <summary>Connects from 127.0.0.1 and reads until the server closes; returns what it said (or why it said nothing).</summary>
    private static async Task<string> RefusedAnswerAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        var received = new byte[512];
        var length = 0;
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), limit.Token);
            int read;
            while ((read = await socket.ReceiveAsync(received.AsMemory(length), SocketFlags.None, limit.Token)) > 0)
            {
                length += read;
                if (length == received.Length)
                {
                    return "(more than a line)";
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "(not closed within 10 s) " + Encoding.ASCII.GetString(received, 0, length);
        }
        catch (SocketException exception)
        {
            return "(" + exception.SocketErrorCode + ") " + Encoding.ASCII.GetString(received, 0, length);
        }

        return Encoding.ASCII.GetString(received, 0, length).TrimEnd('\r', '\n');
    }

    private static async Task<string?> GreetedWithinAsync(DaemonProcess daemon, TimeSpan within, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? line;
        do
        {
            await using var connection = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
            line = await connection.ReadLineAsync(cancellationToken);
            if (line?.StartsWith("* OK", StringComparison.Ordinal) == true)
            {
                return line;
            }

            // Closing a held connection reaches the server's count a moment after our close returns.
            await Task.Delay(50, cancellationToken);
        }
        while (clock.Elapsed < within);

        return line;
    }
}
