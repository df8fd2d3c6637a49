using System.Diagnostics;
using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Hosting;

[CancelAfter(120_000)]
public sealed class LifecycleTests
{
    [Test]
    public async Task Sigterm_stops_the_daemon_with_exit_code_zero_within_the_drain(CancellationToken cancellationToken)
    {
        await using var daemon = await DaemonProcess.StartAsync(cancellationToken: cancellationToken);
        var clock = Stopwatch.StartNew();

        var exitCode = await daemon.StopAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, daemon.Output);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(daemon.Options.DrainSeconds + 2)));
            Assert.That(Directory.Exists(daemon.DataPath), Is.True);
            Assert.That(daemon.Ports.Keys, Is.EquivalentTo(DaemonOptions.AllEndpoints), "the ready line lists every endpoint");
            Assert.That(daemon.Ports.Values, Is.All.Not.Zero, "actual ports the OS chose for port 0");
            Assert.That(daemon.Ports.Values, Is.Unique);
        }
    }

    [Test]
    public async Task A_connected_imap_client_gets_bye_and_the_daemon_exits_zero(CancellationToken cancellationToken)
    {
        await using var daemon = await DaemonProcess.StartAsync(cancellationToken: cancellationToken);
        await using var client = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
        var greeting = await client.ReadLineAsync(cancellationToken);
        var clock = Stopwatch.StartNew();

        var stopping = daemon.StopAsync(cancellationToken);
        var bye = await client.ReadLineAsync(cancellationToken);
        var exitCode = await stopping;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(greeting, Does.StartWith("* OK"));
            Assert.That(bye, Does.StartWith("* BYE"), daemon.Output);
            Assert.That(exitCode, Is.Zero, daemon.Output);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(daemon.Options.DrainSeconds + 2)));
        }
    }

    [Test]
    public async Task A_connected_smtp_client_gets_421_on_shutdown(CancellationToken cancellationToken)
    {
        await using var daemon = await DaemonProcess.StartAsync(cancellationToken: cancellationToken);
        await using var client = await LineConnection.OpenAsync(daemon, "smtp", cancellationToken);
        var greeting = await client.ReadLineAsync(cancellationToken);

        var stopping = daemon.StopAsync(cancellationToken);
        var goodbye = await client.ReadLineAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(greeting, Does.StartWith("220"));
            Assert.That(goodbye, Does.StartWith("421"), daemon.Output);
            Assert.That(await stopping, Is.Zero, daemon.Output);
        }
    }

    [Test]
    public async Task Health_is_ok_while_running_and_fails_after_stop(CancellationToken cancellationToken)
    {
        await using var daemon = await DaemonProcess.StartAsync(cancellationToken: cancellationToken);

        var healthy = await daemon.RunCliAsync(["health"], cancellationToken: cancellationToken);
        await daemon.StopAsync(cancellationToken);
        var stopped = await daemon.RunCliAsync(["health"], cancellationToken: cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(healthy.ExitCode, Is.Zero, healthy.Output + healthy.Error + daemon.Output);
            Assert.That(healthy.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(6).And.All.StartsWith("ok"));
            Assert.That(stopped.ExitCode, Is.EqualTo(1));
            Assert.That(stopped.Output, Does.Contain("FAIL imap"));
        }
    }
}
