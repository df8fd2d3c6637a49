using MailHost.Smtp.Tests.Support;
using MailHost.Store;

namespace MailHost.Smtp.Tests.Session;

/// <summary>LMTP (RFC 2033): LHLO, and one reply per accepted recipient after the message.</summary>
[CancelAfter(20_000)]
public sealed class LmtpSessionTests
{
    [Test]
    public async Task Lhlo_and_one_reply_per_recipient()
    {
        await using var lmtp = await SmtpHarness.StartAsync("lmtp", lmtp: true);
        var lhlo = await lmtp.ExchangeAsync("LHLO client.example.test\r\n");
        Assert.That(lhlo[0], Is.EqualTo("250-mx.example.test"));
        Assert.That(lhlo, Has.None.StartsWith("250-AUTH"));
        lmtp.Store.Outcome = target => target.LocalPart == "bob" ? StoreStatus.OverQuota : StoreStatus.Ok;
        await lmtp.SendAsync("MAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
        Assert.That(await lmtp.ReadRepliesAsync(5), Is.EqualTo(new[]
        {
            "250 2.1.0 Ok",
            "250 2.1.5 Ok",
            "550 5.1.1 User unknown",
            "250 2.1.5 Ok",
            "354 End data with <CR><LF>.<CR><LF>",
        }));
        Assert.That(await lmtp.ExchangeAsync("Subject: x\r\n\r\nbody\r\n.\r\n", 2), Is.EqualTo(new[]
        {
            "250 2.1.5 Ok: delivered",
            "452 4.2.2 Mailbox full",
        }));
        Assert.That(lmtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace("x@remote.test", "LMTP") + "Subject: x\r\n\r\nbody\r\n"));
    }

    [Test]
    public async Task Failures_after_data_are_repeated_per_recipient()
    {
        await using var lmtp = await SmtpHarness.StartAsync("lmtp", lmtp: true, configure: static o => o.MaxMessageSize = 1024);
        await lmtp.ExchangeAsync("LHLO client.example.test\r\n");
        await lmtp.SendAsync("MAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
        await lmtp.ReadRepliesAsync(4);
        var body = string.Concat(Enumerable.Repeat(new string('x', 98) + "\r\n", 20));
        Assert.That(await lmtp.ExchangeAsync(body + ".\r\n", 2), Is.EqualTo(new[]
        {
            "552 5.3.4 Message size exceeds fixed maximum message size",
            "552 5.3.4 Message size exceeds fixed maximum message size",
        }));
        Assert.That(lmtp.Store.Delivered, Is.Empty);
    }

    [Test]
    public async Task Bdat_last_answers_per_recipient()
    {
        await using var lmtp = await SmtpHarness.StartAsync("lmtp", lmtp: true);
        await lmtp.ExchangeAsync("LHLO client.example.test\r\n");
        await lmtp.SendAsync("MAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nBDAT 4 LAST\r\nbody");
        Assert.That(await lmtp.ReadRepliesAsync(5), Is.EqualTo(new[]
        {
            "250 2.1.0 Ok",
            "250 2.1.5 Ok",
            "250 2.1.5 Ok",
            "250 2.1.5 Ok: delivered",
            "250 2.1.5 Ok: delivered",
        }));
    }

    [Test]
    public async Task A_refused_intermediate_chunk_gets_one_reply()
    {
        await using var lmtp = await SmtpHarness.StartAsync("lmtp", lmtp: true, configure: static o => o.MaxMessageSize = 1024);
        await lmtp.ExchangeAsync("LHLO client.example.test\r\n");
        await lmtp.SendAsync("MAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nBDAT 2000\r\n" + new string('z', 2000) + "NOOP\r\n");
        Assert.That(await lmtp.ReadRepliesAsync(5), Is.EqualTo(new[]
        {
            "250 2.1.0 Ok",
            "250 2.1.5 Ok",
            "250 2.1.5 Ok",
            "552 5.3.4 Message size exceeds fixed maximum message size",
            "250 2.0.0 Ok",
        }));
    }

    [TestCase("EHLO client.example.test\r\n")]
    [TestCase("HELO client.example.test\r\n")]
    [TestCase("AUTH PLAIN\r\n")]
    public async Task Smtp_greetings_and_auth_are_unknown_in_lmtp(string command)
    {
        await using var lmtp = await SmtpHarness.StartAsync("lmtp", lmtp: true);
        Assert.That(await lmtp.ExchangeAsync(command), Is.EqualTo(new[] { "500 5.5.1 Command unrecognized" }));
    }
}
