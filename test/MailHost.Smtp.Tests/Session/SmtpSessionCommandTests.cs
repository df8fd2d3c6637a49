using MailHost.Smtp.Tests.Support;

namespace MailHost.Smtp.Tests.Session;

[CancelAfter(20_000)]
public sealed class SmtpSessionCommandTests
{
    [Test]
    public async Task Ehlo_lists_the_extensions_without_enhanced_codes()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        Assert.That(await smtp.ExchangeAsync("EHLO client.example.test\r\n"), Is.EqualTo(new[]
        {
            "250-mx.example.test",
            "250-PIPELINING",
            "250-SIZE 52428800",
            "250-8BITMIME",
            "250-BINARYMIME",
            "250-SMTPUTF8",
            "250-ENHANCEDSTATUSCODES",
            "250-STARTTLS",
            "250-CHUNKING",
            "250 DSN",
        }));
    }

    [Test]
    public async Task Ehlo_over_tls_offers_auth_and_no_starttls()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        var reply = await smtp.ExchangeAsync("EHLO client.example.test\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply, Does.Contain("250-AUTH PLAIN LOGIN"));
            Assert.That(reply, Does.Not.Contain("250-STARTTLS"));
        }
    }

    [Test]
    public async Task Plaintext_auth_is_offered_only_when_configured()
    {
        await using var smtp = await SmtpHarness.StartAsync("submission", configure: static o => o.AllowPlaintextAuth = true);
        Assert.That(await smtp.ExchangeAsync("EHLO client.example.test\r\n"), Does.Contain("250-AUTH PLAIN LOGIN"));
    }

    [Test]
    public async Task Helo_answers_with_the_host_name_only()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        Assert.That(await smtp.ExchangeAsync("HELO client.example.test\r\n"), Is.EqualTo(new[] { "250 mx.example.test" }));
    }

    [TestCase("NOOP\r\n", "250 2.0.0 Ok")]
    [TestCase("noop anything goes\r\n", "250 2.0.0 Ok")]
    [TestCase("RSET\r\n", "250 2.0.0 Ok")]
    [TestCase("VRFY alice\r\n", "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery")]
    [TestCase("VRFY\r\n", "501 5.5.4 Syntax: VRFY address")]
    [TestCase("HELP\r\n", "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH")]
    [TestCase("EXPN staff\r\n", "500 5.5.1 Command unrecognized")]
    [TestCase("LHLO client\r\n", "500 5.5.1 Command unrecognized")]
    [TestCase("RSET now\r\n", "501 5.5.4 Syntax error: no parameters allowed")]
    [TestCase("EHLO\r\n", "501 Syntax: EHLO hostname")]
    [TestCase("EHLO bad(name)\r\n", "501 Syntax: EHLO hostname")]
    [TestCase("EHLO evil\rX-Injected: yes\r\n", "501 Syntax: EHLO hostname")]
    [TestCase("MAIL FROM:<alice@example.test>\r\n", "503 5.5.1 Error: send HELO/EHLO first")]
    [TestCase("RCPT TO:<alice@example.test>\r\n", "503 5.5.1 Error: need MAIL command")]
    [TestCase("DATA\r\n", "503 5.5.1 Error: need RCPT command")]
    [TestCase("AUTH PLAIN\r\n", "503 5.5.1 Error: send EHLO first")]
    public async Task Single_commands_get_their_exact_reply(string command, string reply)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        Assert.That(await smtp.ExchangeAsync(command), Is.EqualTo(new[] { reply }));
    }

    [Test]
    public async Task Quit_says_goodbye_and_closes()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.SendAsync("QUIT\r\n");
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[] { "221 2.0.0 Bye" }));
    }

    [Test]
    public async Task Commands_pipelined_after_quit_are_not_executed()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.SendAsync("NOOP\r\nQUIT\r\nNOOP\r\n");
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[] { "250 2.0.0 Ok", "221 2.0.0 Bye" }));
    }

    [Test]
    public async Task Sequence_errors_inside_a_transaction()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n"), Is.EqualTo(new[] { "503 5.5.1 Error: nested MAIL command" }));
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "554 5.5.1 Error: no valid recipients" }));
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN\r\n"), Is.EqualTo(new[] { "503 5.5.1 Error: AUTH not allowed during a mail transaction" }));
        Assert.That(await smtp.ExchangeAsync("STARTTLS\r\n"), Is.EqualTo(new[] { "503 5.5.1 Error: STARTTLS not allowed during a mail transaction" }));
        Assert.That(await smtp.ExchangeAsync("RSET\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<alice@example.test>\r\n"), Is.EqualTo(new[] { "503 5.5.1 Error: need MAIL command" }));
    }

    [Test]
    public async Task Too_many_errors_end_the_session_with_421()
    {
        await using var smtp = await SmtpHarness.StartAsync(configure: static o => o.MaxErrors = 3);
        await smtp.SendAsync("BOGUS\r\nBOGUS\r\nBOGUS\r\nNOOP\r\n");
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[]
        {
            "500 5.5.1 Command unrecognized",
            "500 5.5.1 Command unrecognized",
            "500 5.5.1 Command unrecognized",
            "421 4.7.0 mx.example.test Error: too many errors, closing connection",
        }));
    }

    [Test]
    public async Task A_pipelined_batch_is_answered_with_one_flush()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        var before = smtp.Flushes;
        await smtp.SendAsync("MAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
        Assert.That(await smtp.ReadRepliesAsync(5), Is.EqualTo(new[]
        {
            "250 2.1.0 Ok",
            "250 2.1.5 Ok",
            "550 5.1.1 User unknown",
            "250 2.1.5 Ok",
            "354 End data with <CR><LF>.<CR><LF>",
        }));
        Assert.That(smtp.Flushes - before, Is.EqualTo(1));
        await smtp.SendAsync("Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted", "221 2.0.0 Bye" }));
    }

    [Test]
    public async Task Ten_thousand_pipelined_commands_are_answered_in_order_with_bounded_output()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        var before = smtp.Flushes;
        await smtp.SendAsync(string.Concat(Enumerable.Repeat("NOOP\r\n", 10_000)));
        var replies = await smtp.ReadRepliesAsync(10_000);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(replies, Has.Length.EqualTo(10_000).And.All.EqualTo("250 2.0.0 Ok"));
            Assert.That(smtp.Flushes - before, Is.InRange(2, 200), "flushed in 16 KiB batches, neither per reply nor all at once");
        }
    }

    [Test]
    public async Task An_overlong_command_line_is_refused_and_the_session_resynchronises()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        Assert.That(await smtp.ExchangeAsync("NOOP " + new string('x', 600) + "\r\n"), Is.EqualTo(new[] { "500 5.5.2 Line too long" }));
        await smtp.SendAsync("MAIL FROM:<" + new string('a', 5000));
        await smtp.SendAsync(new string('a', 5000) + ">\r\nNOOP\r\n");
        Assert.That(await smtp.ReadRepliesAsync(2), Is.EqualTo(new[] { "500 5.5.2 Line too long", "250 2.0.0 Ok" }));
    }

    [Test]
    public async Task Mail_lines_may_be_longer_than_512_octets_for_parameters()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        var envid = new string('e', 100);
        var line = "MAIL FROM:<x@remote.test> SIZE=1000 BODY=8BITMIME RET=HDRS ENVID=" + envid + " AUTH=" + new string('a', 450) + "\r\n";
        Assert.That(line.Length, Is.GreaterThan(512));
        Assert.That(await smtp.ExchangeAsync(line), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
    }

    [Test]
    public async Task Timeouts_follow_the_protocol_state_and_end_with_421()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync("x@remote.test", "alice@example.test");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "354 End data with <CR><LF>.<CR><LF>" }));
        await smtp.SendAsync("partial body\r\n");
        await WaitForAsync(() => smtp.Timeout.Armed.Count > 0 && smtp.Timeout.Armed[^1] == TimeSpan.FromMinutes(10));
        smtp.Timeout.Fire();
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[] { "421 4.4.2 mx.example.test Error: timeout exceeded, closing connection" }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.Timeout.Armed, Does.Contain(TimeSpan.FromMinutes(5)));
            Assert.That(smtp.Store.Delivered, Is.Empty);
            Assert.That(smtp.Store.Discarded, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_command_line_dripped_in_pieces_arms_the_timeout_once()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await WaitForAsync(() => smtp.Timeout.Armed.Count >= 2);
        var armed = smtp.Timeout.Armed.Count;
        foreach (var piece in new[] { "NO", "O", "P", " x", "y" })
        {
            await smtp.SendAsync(piece);
            await Task.Delay(20);
        }

        Assert.That(smtp.Timeout.Armed, Has.Count.EqualTo(armed), "bytes of an unfinished line do not re-arm the command timeout");
        Assert.That(await smtp.ExchangeAsync("\r\n"), Has.Length.EqualTo(1));
        await WaitForAsync(() => smtp.Timeout.Armed.Count > armed);
        Assert.That(smtp.Timeout.Armed, Has.Count.EqualTo(armed + 1), "the finished command arms it for the next one");
    }

    [Test]
    public async Task Shutdown_request_answers_421_4_3_2()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await WaitForAsync(() => smtp.Timeout.Armed.Count >= 2);
        smtp.Lifetime.RequestClose();
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[] { "421 4.3.2 mx.example.test Service shutting down, closing connection" }));
    }

    internal static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
