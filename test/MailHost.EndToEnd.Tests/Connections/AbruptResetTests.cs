using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Connections;

/// <summary>
/// A client that dies with a TCP RST (SO_LINGER 0) at each step of an IMAP or SMTP session, against the real daemon: the
/// daemon survives, nothing half-received is stored or counted (the staged file in <c>tmp/</c> is removed), nothing is
/// logged as an Error, and the next client is served normally.
/// </summary>
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class AbruptResetTests
{
    private const string Alice = "alice@example.test";
    private const string AlicePassword = "alice-secret";

    private DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Endpoints.Clear();
        options.Endpoints.Add("imap");
        options.Endpoints.Add("smtp");
        options.Endpoints.Add("submission");
        options.Configuration["Accounts:Pbkdf2Iterations"] = "10000";
        options.Users[Alice] = AlicePassword;
        _daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    public enum ImapStep
    {
        MidSynchronizingLiteralAppend,
        MidNonSynchronizingLiteralAppend,
        MidIdle,
        MidAuthenticate,
    }

    public enum SmtpStep
    {
        MidTransaction,
        MidData,
        MidBdat,
        MidAuth,
    }

    [TestCase(ImapStep.MidSynchronizingLiteralAppend)]
    [TestCase(ImapStep.MidNonSynchronizingLiteralAppend)]
    [TestCase(ImapStep.MidIdle)]
    [TestCase(ImapStep.MidAuthenticate)]
    public async Task Imap_reset_stores_nothing_and_the_next_client_is_served(ImapStep step, CancellationToken cancellationToken)
    {
        var imap = await LineConnection.OpenAsync(_daemon, "imap", cancellationToken);
        Assert.That(await imap.ReadLineAsync(cancellationToken), Does.StartWith("* OK"));
        if (step != ImapStep.MidAuthenticate)
        {
            await imap.WriteLineAsync($"l LOGIN {Alice} {AlicePassword}", cancellationToken);
            Assert.That((await imap.ReadUntilAsync("l ", cancellationToken))[^1], Does.StartWith("l OK"));
        }

        switch (step)
        {
            case ImapStep.MidSynchronizingLiteralAppend:
                await imap.WriteLineAsync("a APPEND INBOX {4000}", cancellationToken);
                Assert.That(await imap.ReadLineAsync(cancellationToken), Is.EqualTo("+ Ready for literal data"));
                await imap.WriteAsync("Subject: half\r\n\r\n" + new string('x', 2000), cancellationToken);
                await WaitForStagedFileAsync(cancellationToken);
                break;
            case ImapStep.MidNonSynchronizingLiteralAppend:
                await imap.WriteAsync("a APPEND INBOX {4000+}\r\nSubject: half\r\n\r\n" + new string('x', 2000), cancellationToken);
                await WaitForStagedFileAsync(cancellationToken);
                break;
            case ImapStep.MidIdle:
                await imap.WriteLineAsync("s SELECT INBOX", cancellationToken);
                Assert.That((await imap.ReadUntilAsync("s ", cancellationToken))[^1], Does.StartWith("s OK"));
                await imap.WriteLineAsync("i IDLE", cancellationToken);
                Assert.That(await imap.ReadLineAsync(cancellationToken), Is.EqualTo("+ idling"));
                break;
            case ImapStep.MidAuthenticate:
                await imap.WriteLineAsync("a AUTHENTICATE PLAIN", cancellationToken);
                Assert.That(await imap.ReadLineAsync(cancellationToken), Is.EqualTo("+ "));
                await imap.WriteAsync("AGFsaWNl", cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }

        imap.Reset();

        var tmpEmptied = await TmpEmptiedAsync(cancellationToken);
        await using var next = await LineConnection.OpenAsync(_daemon, "imap", cancellationToken);
        var greeting = await next.ReadLineAsync(cancellationToken);
        await next.WriteLineAsync($"l LOGIN {Alice} {AlicePassword}", cancellationToken);
        var login = (await next.ReadUntilAsync("l ", cancellationToken))[^1];
        await next.WriteLineAsync("s STATUS INBOX (MESSAGES)", cancellationToken);
        var status = await next.ReadUntilAsync("s ", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(tmpEmptied, Is.True, "the staged file of the abandoned APPEND is removed\n" + _daemon.Output);
            Assert.That(greeting, Does.StartWith("* OK"));
            Assert.That(login, Does.StartWith("l OK"));
            Assert.That(status, Is.EqualTo(new[] { "* STATUS INBOX (MESSAGES 0)", "s OK STATUS completed" }), "no message counted");
            Assert.That(MailFiles("new").Concat(MailFiles("cur")), Is.Empty);
            Assert.That(_daemon.HasExited, Is.False);
            Assert.That(DaemonLog.ErrorLines(_daemon.Output), Is.Empty);
        }
    }

    [TestCase(SmtpStep.MidTransaction)]
    [TestCase(SmtpStep.MidData)]
    [TestCase(SmtpStep.MidBdat)]
    [TestCase(SmtpStep.MidAuth)]
    public async Task Smtp_reset_delivers_nothing_and_the_next_client_is_served(SmtpStep step, CancellationToken cancellationToken)
    {
        var endpoint = step == SmtpStep.MidAuth ? "submission" : "smtp";
        var smtp = await LineConnection.OpenAsync(_daemon, endpoint, cancellationToken);
        Assert.That(await smtp.ReadLineAsync(cancellationToken), Does.StartWith("220 "));
        await smtp.WriteLineAsync("EHLO reset.example.test", cancellationToken);
        await smtp.ReadUntilAsync("250 ", cancellationToken);
        if (step == SmtpStep.MidAuth)
        {
            await smtp.WriteLineAsync("AUTH PLAIN", cancellationToken);
            Assert.That(await smtp.ReadLineAsync(cancellationToken), Is.EqualTo("334 "));
            await smtp.WriteAsync("AGFsaWNl", cancellationToken);
        }
        else
        {
            await smtp.WriteLineAsync("MAIL FROM:<x@remote.test>", cancellationToken);
            Assert.That(await smtp.ReadLineAsync(cancellationToken), Is.EqualTo("250 2.1.0 Ok"));
            await smtp.WriteLineAsync($"RCPT TO:<{Alice}>", cancellationToken);
            Assert.That(await smtp.ReadLineAsync(cancellationToken), Is.EqualTo("250 2.1.5 Ok"));
        }

        switch (step)
        {
            case SmtpStep.MidData:
                await smtp.WriteLineAsync("DATA", cancellationToken);
                Assert.That(await smtp.ReadLineAsync(cancellationToken), Does.StartWith("354 "));
                await smtp.WriteAsync("Subject: half\r\n\r\nhalf a message\r\n", cancellationToken);
                await WaitForStagedFileAsync(cancellationToken);
                break;
            case SmtpStep.MidBdat:
                await smtp.WriteAsync("BDAT 4000 LAST\r\nSubject: half\r\n\r\n" + new string('x', 2000), cancellationToken);
                await WaitForStagedFileAsync(cancellationToken);
                break;
            case SmtpStep.MidTransaction:
            case SmtpStep.MidAuth:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }

        smtp.Reset();

        var tmpEmptied = await TmpEmptiedAsync(cancellationToken);
        await using var next = await LineConnection.OpenAsync(_daemon, endpoint, cancellationToken);
        var greeting = await next.ReadLineAsync(cancellationToken);
        await next.WriteLineAsync("EHLO next.example.test", cancellationToken);
        var ehlo = await next.ReadUntilAsync("250 ", cancellationToken);
        await next.WriteLineAsync("NOOP", cancellationToken);
        var noop = await next.ReadLineAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(tmpEmptied, Is.True, "the staged file of the abandoned transfer is removed\n" + _daemon.Output);
            Assert.That(MailFiles("new").Concat(MailFiles("cur")), Is.Empty, "nothing delivered");
            Assert.That(greeting, Does.StartWith("220 "));
            Assert.That(ehlo.Count > 0 ? ehlo[^1] : null, Does.StartWith("250 "));
            Assert.That(noop, Does.StartWith("250 "));
            Assert.That(_daemon.HasExited, Is.False);
            Assert.That(DaemonLog.ErrorLines(_daemon.Output), Is.Empty);
        }
    }

    private string[] MailFiles(string folder)
    {
        var path = Path.Combine(_daemon.DataPath, "mail", "example.test", "alice", folder);
        return Directory.Exists(path) ? Directory.GetFiles(path) : [];
    }

    /// <summary>Makes sure the reset really hits a transfer in progress: the daemon is already streaming into tmp/.</summary>
    private async Task WaitForStagedFileAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 250 && MailFiles("tmp").Length == 0; i++)
        {
            await Task.Delay(20, cancellationToken);
        }

        Assert.That(MailFiles("tmp"), Has.Length.EqualTo(1), "the message is being staged in tmp/");
    }

    private async Task<bool> TmpEmptiedAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 250 && MailFiles("tmp").Length > 0; i++)
        {
            await Task.Delay(20, cancellationToken);
        }

        return MailFiles("tmp").Length == 0;
    }
}
