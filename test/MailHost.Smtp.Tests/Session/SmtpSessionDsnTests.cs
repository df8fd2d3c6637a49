using MailHost.Smtp.Tests.Support;
using MailHost.Store;
using MimeKit;

namespace MailHost.Smtp.Tests.Session;

/// <summary>RFC 3461 NOTIFY=SUCCESS: a local sender receives an RFC 3464 "delivered" report.</summary>
[CancelAfter(20_000)]
public sealed class SmtpSessionDsnTests
{
    [Test]
    public async Task Local_sender_gets_a_delivered_report()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<alice@example.test> RET=HDRS ENVID=env+2D42\r\n");
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Bob+40example.test\r\n"), Is.EqualTo(new[] { "250 2.1.5 Ok" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<postmaster@example.test>\r\n"), Is.EqualTo(new[] { "250 2.1.5 Ok" }));
        await smtp.ExchangeAsync("DATA\r\n");
        Assert.That(await smtp.ExchangeAsync("Subject: hi\r\n\r\nhello\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));

        Assert.That(smtp.Store.Delivered, Has.Count.EqualTo(3));
        var (target, bytes) = smtp.Store.Delivered.Last();
        Assert.That(target, Is.EqualTo(new DeliveryTarget("example.test", "alice")));
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.That(text, Does.StartWith("Return-Path: <>\r\n"));
        using var stream = new MemoryStream(bytes);
        var report = await MimeMessage.LoadAsync(stream);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Body, Is.InstanceOf<MultipartReport>());
            Assert.That((report.Body as MultipartReport)?.ReportType, Is.EqualTo("delivery-status"));
            Assert.That(report.To.Mailboxes.Single().Address, Is.EqualTo("alice@example.test"));
            Assert.That(report.Headers["Auto-Submitted"], Is.EqualTo("auto-replied"));
            Assert.That(text, Does.Contain("Reporting-MTA: dns; mx.example.test"));
            Assert.That(text, Does.Contain("Original-Envelope-Id: env-42"));
            Assert.That(text, Does.Contain("Original-Recipient: rfc822;Bob@example.test"));
            Assert.That(text, Does.Contain("Final-Recipient: rfc822; bob@example.test"));
            Assert.That(text, Does.Contain("Action: delivered"));
            Assert.That(text, Does.Contain("Status: 2.0.0"));
            Assert.That(text, Does.Not.Contain("Final-Recipient: rfc822; postmaster"), "only recipients that asked are reported");
            Assert.That(text, Does.Not.Contain("\n\n").And.Not.Contain("\r\r"), "CRLF line endings throughout");
        }
    }

    [Test]
    public async Task Remote_sender_gets_no_report_yet()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n");
        await smtp.ExchangeAsync("RCPT TO:<bob@example.test> NOTIFY=SUCCESS\r\n");
        await smtp.ExchangeAsync("DATA\r\n");
        await smtp.ExchangeAsync("hello\r\n.\r\n");
        Assert.That(smtp.Store.Delivered, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task No_report_without_notify_success_or_when_delivery_failed()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        smtp.Store.Outcome = static t => t.LocalPart == "bob" ? StoreStatus.DiskFull : StoreStatus.Ok;
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<alice@example.test>\r\n");
        await smtp.ExchangeAsync("RCPT TO:<bob@example.test> NOTIFY=SUCCESS\r\n");
        await smtp.ExchangeAsync("DATA\r\n");
        Assert.That(await smtp.ExchangeAsync("hello\r\n.\r\n"), Is.EqualTo(new[] { "452 4.3.1 Insufficient system storage" }));
        Assert.That(smtp.Store.Delivered, Is.Empty);
    }

    [Test]
    public async Task Lmtp_reports_only_the_recipients_delivered()
    {
        await using var lmtp = await SmtpHarness.StartAsync("lmtp", lmtp: true);
        lmtp.Store.Outcome = static t => t.LocalPart == "bob" ? StoreStatus.OverQuota : StoreStatus.Ok;
        await lmtp.ExchangeAsync("LHLO client.example.test\r\n");
        await lmtp.SendAsync("MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test> NOTIFY=SUCCESS\r\nRCPT TO:<postmaster@example.test> NOTIFY=SUCCESS\r\nDATA\r\n");
        await lmtp.ReadRepliesAsync(4);
        Assert.That(await lmtp.ExchangeAsync("x\r\n.\r\n", 2), Is.EqualTo(new[] { "452 4.2.2 Mailbox full", "250 2.1.5 Ok: delivered" }));
        var report = System.Text.Encoding.UTF8.GetString(lmtp.Store.Delivered.Last().Bytes);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lmtp.Store.Delivered.Last().Target.LocalPart, Is.EqualTo("alice"));
            Assert.That(report, Does.Contain("Final-Recipient: rfc822; postmaster@example.test"));
            Assert.That(report, Does.Not.Contain("bob@example.test"));
        }
    }
}
