using System.Diagnostics;
using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Connections;

/// <summary>
/// <c>Limits:CommandsPerSecond</c> against the real daemon: a client that pipelines more commands than its allowance gets every
/// answer, in order, but no faster than the rate allows; the connection is slowed down, never dropped.
/// </summary>
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class CommandPacingTests
{
    private const int PerSecond = 10;
    private const int Burst = 3;
    private const int Commands = 18;

    private DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Configuration["Limits:CommandsPerSecond"] = PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Configuration["Limits:CommandBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [TestCase("imap")]
    [TestCase("smtp")]
    [TestCase("lmtp")]
    public async Task Pipelined_commands_over_the_rate_are_all_answered_in_order_but_paced(string endpoint, CancellationToken cancellationToken)
    {
        await using var connection = await LineConnection.OpenAsync(_daemon, endpoint, cancellationToken);
        var greeting = await connection.ReadLineAsync(cancellationToken);
        Assert.That(greeting, Does.StartWith("* OK").Or.StartWith("220 "));
        var imap = endpoint == "imap";
        var batch = string.Concat(Enumerable.Range(1, Commands).Select(i => imap ? $"p{i} NOOP\r\n" : "NOOP\r\n"));

        var clock = Stopwatch.StartNew();
        await connection.WriteAsync(batch, cancellationToken);
        var answers = new List<string?>();
        for (var i = 0; i < Commands; i++)
        {
            answers.Add(await connection.ReadLineAsync(cancellationToken));
        }

        var elapsed = clock.Elapsed;
        var expected = Enumerable.Range(1, Commands).Select(i => imap ? $"p{i} OK NOOP completed" : "250 2.0.0 OK").ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(a => a is null ? null : (imap ? a : a[..Math.Min(a.Length, 9)])), Is.EqualTo(expected.Select(e => imap ? e : e[..9])), _daemon.Output);

            // The burst runs at once; each further command waits a tenth of a second: (18 − 3) / 10 s = 1.5 s at least.
            Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds((Commands - Burst) / (double)PerSecond) - TimeSpan.FromMilliseconds(50)));
            Assert.That(_daemon.HasExited, Is.False);
        }

        await connection.WriteAsync(imap ? "z LOGOUT\r\n" : "QUIT\r\n", cancellationToken);
        Assert.That(await connection.ReadLineAsync(cancellationToken), Does.StartWith(imap ? "* BYE" : "221 "));
    }
}
