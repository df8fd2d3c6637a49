using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Smtp;

/// <summary>Refused and abandoned transfers against the real daemon leave nothing in the Maildir, not even in tmp/.</summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class SmtpLimitsTests
{
    private DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Endpoints.Clear();
        options.Endpoints.Add("smtp");
        options.Users["alice@example.test"] = "alice-secret";
        options.Configuration["Smtp:MaxMessageSize"] = "4096";
        _daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    private string[] Files(string folder)
    {
        var path = Path.Combine(_daemon.DataPath, "mail", "example.test", "alice", folder);
        return Directory.Exists(path) ? Directory.GetFiles(path) : [];
    }

    private async Task<LineConnection> OpenTransactionAsync(CancellationToken cancellationToken)
    {
        var smtp = await LineConnection.OpenAsync(_daemon, "smtp", cancellationToken);
        Assert.That(await smtp.ReadLineAsync(cancellationToken), Does.StartWith("220 "));
        await smtp.WriteAsync("EHLO e2e.example.test\r\nMAIL FROM:<x@remote.test> SIZE=100\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n", cancellationToken);
        var replies = await smtp.ReadUntilAsync("354 ", cancellationToken);
        Assert.That(replies.TakeLast(3), Is.EqualTo(new[] { "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>" }));
        return smtp;
    }

    [Test]
    public async Task Size_lying_low_then_a_huge_body_is_refused_and_nothing_is_kept(CancellationToken cancellationToken)
    {
        await using var smtp = await OpenTransactionAsync(cancellationToken);
        for (var i = 0; i < 200; i++)
        {
            await smtp.WriteAsync(new string('x', 998) + "\r\n", cancellationToken);
        }

        await smtp.WriteAsync(".\r\nQUIT\r\n", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await smtp.ReadLineAsync(cancellationToken), Is.EqualTo("552 5.3.4 Message size exceeds fixed maximum message size"));
            Assert.That(await smtp.ReadLineAsync(cancellationToken), Is.EqualTo("221 2.0.0 Bye"));
            Assert.That(Files("new"), Is.Empty);
            Assert.That(Files("tmp"), Is.Empty);
        }
    }

    [Test]
    public async Task Disconnect_mid_data_leaves_nothing(CancellationToken cancellationToken)
    {
        var smtp = await OpenTransactionAsync(cancellationToken);
        await smtp.WriteAsync("Subject: half\r\n\r\nhalf a message", cancellationToken);
        Assert.That(Files("tmp"), Has.Length.EqualTo(1), "the message is being staged in tmp/");
        await smtp.DisposeAsync();
        for (var i = 0; i < 100 && Files("tmp").Length > 0; i++)
        {
            await Task.Delay(20, cancellationToken);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Files("new"), Is.Empty);
            Assert.That(Files("tmp"), Is.Empty, _daemon.Output);
            Assert.That(_daemon.HasExited, Is.False);
        }
    }
}
