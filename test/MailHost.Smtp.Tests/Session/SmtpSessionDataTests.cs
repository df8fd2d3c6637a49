using System.Text;
using MailHost.Smtp.Tests.Support;
using MailHost.Store;

namespace MailHost.Smtp.Tests.Session;

/// <summary>DATA and BDAT: every test checks the exact bytes handed to the store.</summary>
[CancelAfter(20_000)]
public sealed class SmtpSessionDataTests
{
    private const string Sender = "x@remote.test";

    [Test]
    public async Task Delivered_message_starts_with_return_path_and_received_header()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "354 End data with <CR><LF>.<CR><LF>" }));
        Assert.That(await smtp.ExchangeAsync("Subject: hi\r\n\r\nHello\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.Store.Delivered, Has.Count.EqualTo(1));
            Assert.That(smtp.Store.Delivered.Single().Target, Is.EqualTo(new DeliveryTarget("example.test", "alice")));
            Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(
                "Return-Path: <x@remote.test>\r\n" +
                "Received: from client.example.test ([127.0.0.1])\r\n" +
                "\tby mx.example.test (MailHost) with ESMTP\r\n" +
                "\tfor <alice@example.test>;\r\n" +
                "\tSat, 28 Nov 2026 18:00:00 +0000\r\n" +
                "Subject: hi\r\n\r\nHello\r\n"));
        }
    }

    [TestCase("Hello\r\n.\r\n", "Hello\r\n", TestName = "plain line")]
    [TestCase(".\r\n", "", TestName = "empty message")]
    [TestCase("\r\n.\r\n", "\r\n", TestName = "single empty line")]
    [TestCase("..leading dot\r\n.\r\n", ".leading dot\r\n", TestName = "stuffed dot at line start")]
    [TestCase("..\r\n.\r\n", ".\r\n", TestName = "line of a single stuffed dot")]
    [TestCase("a.b\r\n...\r\n.\r\n", "a.b\r\n..\r\n", TestName = "dots inside and a stuffed double dot")]
    [TestCase("QUJD.REVG\r\nR0hJ\r\n.\r\n", "QUJD.REVG\r\nR0hJ\r\n", TestName = "dot inside base64")]
    [TestCase("no final newline\r\n.\r\n", "no final newline\r\n", TestName = "final line without CRLF gets the terminator's CRLF")]
    [TestCase("a\nb\r\n.\r\n", "a\r\nb\r\n", TestName = "bare LF becomes CRLF")]
    [TestCase("a\rb\r\n.\r\n", "a\rb\r\n", TestName = "bare CR is kept as data")]
    [TestCase("a\n.\nb\r\n.\r\n", "a\r\n.\r\nb\r\n", TestName = "LF dot LF does not end the data")]
    [TestCase("a\r\n.\nb\r\n.\r\n", "a\r\n.\r\nb\r\n", TestName = "CRLF dot LF does not end the data")]
    [TestCase("a\n.\r\nb\r\n.\r\n", "a\r\n.\r\nb\r\n", TestName = "LF dot CRLF does not end the data")]
    [TestCase("a\r.\rb\r\n.\r\n", "a\r.\rb\r\n", TestName = "CR dot CR does not end the data")]
    [TestCase("x\r\n.\rMAIL\r\n.\r\n", "x\r\n\rMAIL\r\n", TestName = "dot CR on a longer line is unstuffed data")]
    [TestCase("caf\u00e9 \u2603\r\n.\r\n", "caf\u00e9 \u2603\r\n", TestName = "8-bit text passes unchanged")]
    public async Task Data_is_unstuffed_byte_exact(string wire, string stored)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "354 End data with <CR><LF>.<CR><LF>" }));
        Assert.That(await smtp.ExchangeAsync(wire), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace(Sender, singleRecipient: "alice@example.test") + stored));
    }

    [Test]
    public async Task Terminator_split_across_every_read_is_still_found()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "354 End data with <CR><LF>.<CR><LF>" }));
        foreach (var b in "..x\r\ny\r\n.\r\n"u8.ToArray())
        {
            await smtp.SendAsync([b]);
            await Task.Yield();
        }

        Assert.That(await smtp.ReadRepliesAsync(1), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace(Sender, singleRecipient: "alice@example.test") + ".x\r\ny\r\n"));
    }

    [Test]
    public async Task Commands_pipelined_after_the_terminator_are_answered()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "354 End data with <CR><LF>.<CR><LF>" }));
        await smtp.SendAsync("body\r\n.\r\nMAIL FROM:<y@remote.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
        Assert.That(await smtp.ReadRepliesAsync(4), Is.EqualTo(new[]
        {
            "250 2.0.0 Ok: message accepted",
            "250 2.1.0 Ok",
            "250 2.1.5 Ok",
            "354 End data with <CR><LF>.<CR><LF>",
        }));
        Assert.That(await smtp.ExchangeAsync("second\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(1), Is.EqualTo(SmtpHarness.Trace("y@remote.test", singleRecipient: "bob@example.test") + "second\r\n"));
    }

    [Test]
    public async Task Several_recipients_share_one_staged_copy_without_a_for_clause()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test", "bob@example.test", "sales@example.test");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "354 End data with <CR><LF>.<CR><LF>" }));
        Assert.That(await smtp.ExchangeAsync("x\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.Store.LastTargets, Is.EqualTo(new[] { new DeliveryTarget("example.test", "alice"), new DeliveryTarget("example.test", "bob") }));
            Assert.That(smtp.Store.DeliveredText(0), Is.EqualTo(SmtpHarness.Trace(Sender) + "x\r\n"));
            Assert.That(smtp.Store.DeliveredText(1), Is.EqualTo(SmtpHarness.Trace(Sender) + "x\r\n"));
        }
    }

    [Test]
    public async Task Null_sender_gets_an_empty_return_path()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(string.Empty, "alice@example.test");
        await smtp.ExchangeAsync("DATA\r\n");
        Assert.That(await smtp.ExchangeAsync("bounce\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Does.StartWith("Return-Path: <>\r\n"));
    }

    [Test]
    public async Task Declared_size_over_the_limit_is_refused_at_mail()
    {
        await using var smtp = await SmtpHarness.StartAsync(configure: static o => o.MaxMessageSize = 2048);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<x@remote.test> SIZE=2049\r\n"), Is.EqualTo(new[] { "552 5.3.4 Message size exceeds fixed maximum message size" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<x@remote.test> SIZE=2048\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
    }

    [Test]
    public async Task Size_lying_low_then_a_huge_body_is_refused_and_nothing_is_kept()
    {
        await using var smtp = await SmtpHarness.StartAsync(configure: static o => o.MaxMessageSize = 4096);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<x@remote.test> SIZE=100\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<alice@example.test>\r\n"), Is.EqualTo(new[] { "250 2.1.5 Ok" }));
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "354 End data with <CR><LF>.<CR><LF>" }));
        var line = new string('x', 998) + "\r\n";
        for (var i = 0; i < 100; i++)
        {
            await smtp.SendAsync(line);
        }

        Assert.That(await smtp.ExchangeAsync(".\r\n"), Is.EqualTo(new[] { "552 5.3.4 Message size exceeds fixed maximum message size" }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.Store.Delivered, Is.Empty);
            Assert.That(smtp.Store.Discarded, Is.EqualTo(1));
            Assert.That(smtp.Store.Committed, Is.Zero);
        }

        Assert.That(await smtp.ExchangeAsync("RCPT TO:<alice@example.test>\r\n"), Is.EqualTo(new[] { "503 5.5.1 Error: need MAIL command" }), "the transaction is over");
    }

    [Test]
    public async Task Body_of_exactly_the_limit_is_accepted()
    {
        await using var smtp = await SmtpHarness.StartAsync(configure: static o => o.MaxMessageSize = 1024);
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.ExchangeAsync("DATA\r\n");
        var body = string.Concat(Enumerable.Repeat(new string('y', 100) + "\r\n", 10)) + "ab\r\n";
        Assert.That(body, Has.Length.EqualTo(1024));
        Assert.That(await smtp.ExchangeAsync(body + ".\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace(Sender, singleRecipient: "alice@example.test") + body));
    }

    [TestCase(1000, true)]
    [TestCase(1001, false)]
    public async Task Text_lines_longer_than_the_limit_reject_the_message(int length, bool accepted)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.ExchangeAsync("DATA\r\n");
        var body = "short\r\n" + new string('z', length) + "\r\nend\r\n";
        var reply = await smtp.ExchangeAsync(body + ".\r\n");
        if (accepted)
        {
            Assert.That(reply, Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
            Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace(Sender, singleRecipient: "alice@example.test") + body));
        }
        else
        {
            Assert.That(reply, Is.EqualTo(new[] { "500 5.5.2 Line too long" }));
            Assert.That(smtp.Store.Delivered, Is.Empty);
            Assert.That(smtp.Store.Discarded, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_larger_configured_line_limit_accepts_longer_lines()
    {
        await using var smtp = await SmtpHarness.StartAsync(configure: static o => o.MaxLineLength = 5000);
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.ExchangeAsync("DATA\r\n");
        var body = new string('z', 4999) + "\r\n";
        Assert.That(await smtp.ExchangeAsync(body + ".\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace(Sender, singleRecipient: "alice@example.test") + body));
    }

    [Test]
    public async Task Disconnect_mid_data_delivers_nothing_and_removes_the_staged_file()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.ExchangeAsync("DATA\r\n");
        await smtp.SendAsync("Subject: half\r\n\r\nhalf a message\r\n.");
        await smtp.DisconnectAsync();
        Assert.That(await smtp.ReadToEndAsync(), Is.Empty);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.Session.IsCompletedSuccessfully, Is.True, "no exception escapes the session");
            Assert.That(smtp.Store.Delivered, Is.Empty);
            Assert.That(smtp.Store.Discarded, Is.EqualTo(1));
            Assert.That(smtp.Store.Committed, Is.Zero);
            Assert.That(smtp.Log.Entries.Select(static e => (e.Level, e.Id.Id, e.Exception)), Is.EqualTo(new[] { (Microsoft.Extensions.Logging.LogLevel.Debug, 2, (Exception?)null) }), "a single debug line");
        }
    }

    [TestCase(StoreStatus.DiskFull, "452 4.3.1 Insufficient system storage")]
    [TestCase(StoreStatus.OverQuota, "452 4.2.2 Mailbox full")]
    [TestCase(StoreStatus.Failed, "451 4.3.0 Internal error, try again later")]
    [TestCase(StoreStatus.ReadOnly, "451 4.3.0 Internal error, try again later")]
    [TestCase(StoreStatus.StorageReadOnly, "451 4.3.0 Mail storage is read-only, try again later")]
    public async Task Store_failures_map_to_temporary_replies(StoreStatus status, string reply)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        smtp.Store.Outcome = target => target.LocalPart == "bob" ? status : StoreStatus.Ok;
        await smtp.BeginTransactionAsync(Sender, "alice@example.test", "bob@example.test");
        await smtp.ExchangeAsync("DATA\r\n");
        Assert.That(await smtp.ExchangeAsync("x\r\n.\r\n"), Is.EqualTo(new[] { reply }));
    }

    /// <summary>Event 3 is "delivered", 10 "NOT delivered": the log tells what the client was told.</summary>
    [TestCase(StoreStatus.Ok, new[] { 3 })]
    [TestCase(StoreStatus.StorageReadOnly, new[] { 7, 10 })]
    [TestCase(StoreStatus.DiskFull, new[] { 7, 10 })]
    public async Task The_log_says_delivered_only_when_the_client_was_told_so(StoreStatus status, int[] events)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        smtp.Store.Outcome = target => target.LocalPart == "bob" ? status : StoreStatus.Ok;
        await smtp.BeginTransactionAsync(Sender, "alice@example.test", "bob@example.test");
        await smtp.ExchangeAsync("DATA\r\n");
        await smtp.ExchangeAsync("x\r\n.\r\n");
        Assert.That(smtp.Log.Entries.Select(static e => e.Id.Id).Where(static id => id is 3 or 7 or 10), Is.EqualTo(events));
    }

    [TestCase(28, "452 4.3.1 Insufficient system storage")]
    [TestCase(5, "451 4.3.0 Internal error, try again later")]
    public async Task Write_errors_answer_4xx_after_the_data_and_keep_the_session(int errno, string reply)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        smtp.Store.WriteFailure = new IOException("simulated", errno);
        smtp.Store.FailAfterBytes = 1000;
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "354 End data with <CR><LF>.<CR><LF>" }));
        var body = string.Concat(Enumerable.Repeat(new string('w', 98) + "\r\n", 40));
        Assert.That(await smtp.ExchangeAsync(body + ".\r\n"), Is.EqualTo(new[] { reply }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.Store.Delivered, Is.Empty);
            Assert.That(smtp.Store.Discarded, Is.EqualTo(1));
        }

        Assert.That(await smtp.ExchangeAsync("NOOP\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok" }));
    }

    [Test]
    public async Task Failure_to_stage_answers_451_before_354()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        smtp.Store.FailBegin = true;
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "451 4.3.0 Internal error, try again later" }));
        Assert.That(await smtp.ExchangeAsync("NOOP\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok" }));
    }

    [Test]
    public async Task Bdat_chunks_are_stored_verbatim_and_last_commits()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        var first = "Subject: chunked\r\n\r\n.leading dot stays\n";
        var second = "bare LF stays\r\nno final CRLF";
        await smtp.SendAsync($"BDAT {Encoding.UTF8.GetByteCount(first)}\r\n{first}BDAT {Encoding.UTF8.GetByteCount(second)} LAST\r\n{second}");
        Assert.That(await smtp.ReadRepliesAsync(2), Is.EqualTo(new[] { $"250 2.0.0 {Encoding.UTF8.GetByteCount(first)} octets received", "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace(Sender, singleRecipient: "alice@example.test") + first + second));
    }

    [Test]
    public async Task Bdat_zero_last_ends_the_message()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.SendAsync("BDAT 3\r\nabcBDAT 0 LAST\r\n");
        Assert.That(await smtp.ReadRepliesAsync(2), Is.EqualTo(new[] { "250 2.0.0 3 octets received", "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace(Sender, singleRecipient: "alice@example.test") + "abc"));
    }

    [Test]
    public async Task Binarymime_needs_bdat()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<x@remote.test> BODY=BINARYMIME\r\n");
        await smtp.ExchangeAsync("RCPT TO:<alice@example.test>\r\n");
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "503 5.5.1 Error: BODY=BINARYMIME requires BDAT" }));
        await smtp.SendAsync("BDAT 4 LAST\r\n\0\u0001\u0002\u0003");
        Assert.That(await smtp.ReadRepliesAsync(1), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.Delivered.Single().Bytes[^4..], Is.EqualTo(new byte[] { 0, 1, 2, 3 }));
    }

    [Test]
    public async Task Bdat_out_of_sequence_swallows_its_chunk_then_503()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.SendAsync("BDAT 15\r\nRCPT TO:<a@b>\r\nNOOP\r\n");
        Assert.That(await smtp.ReadRepliesAsync(2), Is.EqualTo(new[] { "503 5.5.1 Error: need MAIL and RCPT before BDAT", "250 2.0.0 Ok" }));
    }

    [Test]
    public async Task Data_after_bdat_is_out_of_sequence()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.SendAsync("BDAT 2\r\nabDATA\r\n");
        Assert.That(await smtp.ReadRepliesAsync(2), Is.EqualTo(new[] { "250 2.0.0 2 octets received", "503 5.5.1 Error: DATA not allowed after BDAT" }));
        Assert.That(await smtp.ExchangeAsync("RSET\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok" }));
        Assert.That(smtp.Store.Discarded, Is.EqualTo(1), "RSET drops the half-chunked message");
    }

    [Test]
    public async Task Bdat_over_the_size_limit_is_refused_and_discarded()
    {
        await using var smtp = await SmtpHarness.StartAsync(configure: static o => o.MaxMessageSize = 1024);
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.SendAsync("BDAT 2000\r\n" + new string('q', 2000) + "BDAT 1 LAST\r\nq");
        Assert.That(await smtp.ReadRepliesAsync(2), Is.EqualTo(new[] { "552 5.3.4 Message size exceeds fixed maximum message size", "503 5.5.1 Error: need MAIL and RCPT before BDAT" }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.Store.Delivered, Is.Empty);
            Assert.That(smtp.Store.Discarded, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Bdat_chunk_size_that_lies_then_disconnect_delivers_nothing()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.SendAsync("BDAT 100000 LAST\r\nonly a few bytes");
        await smtp.DisconnectAsync();
        Assert.That(await smtp.ReadToEndAsync(), Is.Empty);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.Store.Delivered, Is.Empty);
            Assert.That(smtp.Store.Discarded, Is.EqualTo(1));
        }
    }

    [TestCase("BDAT\r\n")]
    [TestCase("BDAT -1\r\n")]
    [TestCase("BDAT 12 FIRST\r\n")]
    [TestCase("BDAT 99999999999999999999\r\n")]
    public async Task Malformed_bdat_cannot_resynchronise_and_closes(string command)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.BeginTransactionAsync(Sender, "alice@example.test");
        await smtp.SendAsync(command);
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[]
        {
            "501 5.5.4 Syntax: BDAT size [LAST]",
            "421 4.7.0 mx.example.test Error: cannot resynchronise after a malformed BDAT, closing connection",
        }));
    }
}
