using System.Text;
using MailHost.Smtp.Tests.Support;

namespace MailHost.Smtp.Tests.Session;

/// <summary>AUTH PLAIN and LOGIN (RFC 4954) and STARTTLS (RFC 3207).</summary>
[CancelAfter(20_000)]
public sealed class SmtpSessionAuthTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Test]
    public async Task Plain_with_initial_response()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN " + B64("\0alice@example.test\0secret") + "\r\n"), Is.EqualTo(new[] { "235 2.7.0 Authentication successful" }));
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN " + B64("\0alice@example.test\0secret") + "\r\n"), Is.EqualTo(new[] { "503 5.5.1 Error: already authenticated" }));
    }

    [Test]
    public async Task Plain_with_empty_challenge()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN\r\n"), Is.EqualTo(new[] { "334 " }));
        Assert.That(await smtp.ExchangeAsync(B64("\0bob@example.test\0hunter2") + "\r\n"), Is.EqualTo(new[] { "235 2.7.0 Authentication successful" }));
    }

    [Test]
    public async Task Login_exchange()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("AUTH LOGIN\r\n"), Is.EqualTo(new[] { "334 VXNlcm5hbWU6" }));
        Assert.That(await smtp.ExchangeAsync(B64("alice@example.test") + "\r\n"), Is.EqualTo(new[] { "334 UGFzc3dvcmQ6" }));
        Assert.That(await smtp.ExchangeAsync(B64("secret") + "\r\n"), Is.EqualTo(new[] { "235 2.7.0 Authentication successful" }));
    }

    [TestCase("AUTH PLAIN " + "AGFsaWNlQGV4YW1wbGUudGVzdAB3cm9uZw==" + "\r\n", "535 5.7.8 Authentication credentials invalid")]
    [TestCase("AUTH PLAIN =\r\n", "501 5.5.2 Malformed authentication data")]
    [TestCase("AUTH PLAIN !!!!\r\n", "501 5.5.4 Syntax: AUTH mechanism [initial-response]")]
    [TestCase("AUTH PLAIN abc\r\n", "501 5.5.2 Invalid base64 data")]
    [TestCase("AUTH CRAM-MD5\r\n", "504 5.5.4 Unrecognized authentication type")]
    [TestCase("AUTH\r\n", "501 5.5.4 Syntax: AUTH mechanism [initial-response]")]
    public async Task Auth_failures(string command, string reply)
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync(command), Is.EqualTo(new[] { reply }));
    }

    [Test]
    public async Task Cancel_with_star()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("AUTH LOGIN\r\n"), Is.EqualTo(new[] { "334 VXNlcm5hbWU6" }));
        Assert.That(await smtp.ExchangeAsync("*\r\n"), Is.EqualTo(new[] { "501 5.7.0 Authentication cancelled" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<alice@example.test>\r\n"), Is.EqualTo(new[] { "530 5.7.0 Authentication required" }));
    }

    [Test]
    public async Task Broken_base64_in_a_response()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("AUTH LOGIN\r\n");
        Assert.That(await smtp.ExchangeAsync("not base64 at all\r\n"), Is.EqualTo(new[] { "501 5.5.2 Invalid base64 data" }));
    }

    [Test]
    public async Task Overlong_sasl_line_is_refused_with_5_5_6()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("AUTH LOGIN\r\n");
        Assert.That(await smtp.ExchangeAsync(new string('A', 20000) + "\r\n"), Is.EqualTo(new[] { "500 5.5.6 Authentication exchange line is too long" }));
        Assert.That(await smtp.ExchangeAsync("NOOP\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok" }));
    }

    [Test]
    public async Task Sasl_line_of_12288_octets_is_read()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("AUTH PLAIN\r\n");
        var response = B64("\0alice@example.test\0" + new string('p', 9000));
        Assert.That(response, Has.Length.LessThanOrEqualTo(12288));
        Assert.That(await smtp.ExchangeAsync(response + "\r\n"), Is.EqualTo(new[] { "535 5.7.8 Authentication credentials invalid" }));
    }

    [Test]
    public async Task Throttled_authentication_answers_454()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        smtp.Accounts.Unavailable = true;
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN " + B64("\0alice@example.test\0secret") + "\r\n"), Is.EqualTo(new[] { "454 4.7.0 Temporary authentication failure" }));
    }

    [Test]
    public async Task Throttled_address_or_user_gets_421_and_the_connection_closed()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        smtp.Accounts.Throttled = true;
        await smtp.EhloAsync();
        await smtp.SendAsync("AUTH PLAIN " + B64("\0alice@example.test\0secret") + "\r\nNOOP\r\n");
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[] { "421 4.7.0 mx.example.test Too many failed authentications, closing connection" }), "nothing after the 421 is executed");
    }

    [Test]
    public async Task No_auth_before_tls_unless_configured()
    {
        await using var smtp = await SmtpHarness.StartAsync("submission");
        var ehlo = await smtp.ExchangeAsync("EHLO client.example.test\r\n");
        Assert.That(ehlo, Has.None.StartsWith("250-AUTH"));
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN " + B64("\0alice@example.test\0secret") + "\r\n"), Is.EqualTo(new[] { "538 5.7.11 Encryption required for requested authentication mechanism" }));
    }

    [Test]
    public async Task Starttls_upgrades_and_resets_the_session()
    {
        await using var smtp = await SmtpHarness.StartAsync("submission");
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("STARTTLS\r\n"), Is.EqualTo(new[] { "220 2.0.0 Ready to start TLS" }));
        Assert.That(smtp.StartTls.Upgrades, Is.EqualTo(1));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<alice@example.test>\r\n"), Is.EqualTo(new[] { "503 5.5.1 Error: send HELO/EHLO first" }), "EHLO must be repeated after TLS");
        var ehlo = await smtp.ExchangeAsync("EHLO client.example.test\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ehlo, Does.Contain("250-AUTH PLAIN LOGIN"));
            Assert.That(ehlo, Does.Not.Contain("250-STARTTLS"));
        }

        Assert.That(await smtp.ExchangeAsync("STARTTLS\r\n"), Is.EqualTo(new[] { "454 4.7.0 TLS not available" }));
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN " + B64("\0alice@example.test\0secret") + "\r\n"), Is.EqualTo(new[] { "235 2.7.0 Authentication successful" }));
        await smtp.ExchangeAsync("MAIL FROM:<alice@example.test>\r\n");
        await smtp.ExchangeAsync("RCPT TO:<bob@example.test>\r\n");
        await smtp.ExchangeAsync("DATA\r\n");
        Assert.That(await smtp.ExchangeAsync("hi\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(
            SmtpHarness.Trace("alice@example.test", "ESMTPSA", "bob@example.test", tls: true, user: "alice@example.test") + "hi\r\n"));
    }

    [Test]
    public async Task Plaintext_pipelined_after_starttls_is_refused_and_the_connection_closed()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.SendAsync("STARTTLS\r\nMAIL FROM:<attacker@remote.test>\r\n");
        Assert.That(await smtp.ReadToEndAsync(), Is.EqualTo(new[] { "554 5.5.1 Error: pipelined commands after STARTTLS refused" }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(smtp.StartTls.Calls, Is.Zero, "the upgrade is never attempted");
            Assert.That(smtp.Security.IsSecure, Is.False);
        }
    }

    [Test]
    public async Task Starttls_with_an_argument_is_a_syntax_error()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("STARTTLS now\r\n"), Is.EqualTo(new[] { "501 5.5.4 Syntax error: no parameters allowed" }));
    }
}
