using MailHost.Smtp.Tests.Support;
using MailHost.Store;

namespace MailHost.Smtp.Tests.Session;

/// <summary>Relay policy, submission rules, recipient resolution and address hygiene.</summary>
[CancelAfter(20_000)]
public sealed class SmtpSessionPolicyTests
{
    private static string Plain(string user, string password) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("\0" + user + "\0" + password));

    [Test]
    public async Task Smtp_endpoint_never_relays()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n");
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<victim@elsewhere.test>\r\n"), Is.EqualTo(new[] { "550 5.7.1 Relaying denied" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<nobody@example.test>\r\n"), Is.EqualTo(new[] { "550 5.1.1 User unknown" }));
        Assert.That(await smtp.ExchangeAsync("DATA\r\n"), Is.EqualTo(new[] { "554 5.5.1 Error: no valid recipients" }));
    }

    [Test]
    public async Task Authenticated_user_on_smtp_endpoint_still_cannot_relay()
    {
        await using var smtp = await SmtpHarness.StartAsync(secure: true);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN " + Plain("alice@example.test", "secret") + "\r\n"), Is.EqualTo(new[] { "235 2.7.0 Authentication successful" }));
        await smtp.ExchangeAsync("MAIL FROM:<alice@example.test>\r\n");
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<friend@elsewhere.test>\r\n"), Is.EqualTo(new[]
        {
            "550 5.7.1 Relaying denied: delivery to remote domains is not available (no outbound queue)",
        }));
    }

    [Test]
    public async Task Submission_requires_auth_before_mail()
    {
        await using var smtp = await SmtpHarness.StartAsync("submission", secure: true);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<alice@example.test>\r\n"), Is.EqualTo(new[] { "530 5.7.0 Authentication required" }));
    }

    [Test]
    public async Task Submission_restricts_the_sender_to_the_users_own_addresses()
    {
        await using var smtp = await SmtpHarness.StartAsync("submissions", secure: true);
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("AUTH PLAIN " + Plain("alice@example.test", "secret") + "\r\n"), Is.EqualTo(new[] { "235 2.7.0 Authentication successful" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<bob@example.test>\r\n"), Is.EqualTo(new[] { "553 5.7.1 Sender address rejected: not owned by the authenticated user" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<>\r\n"), Is.EqualTo(new[] { "553 5.7.1 Sender address rejected: not owned by the authenticated user" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<sales@example.test>\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }), "an alias the user belongs to");
        Assert.That(await smtp.ExchangeAsync("RSET\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<Alice@Example.Test>\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<bob@example.test>\r\n"), Is.EqualTo(new[] { "250 2.1.5 Ok" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<someone@elsewhere.test>\r\n"), Is.EqualTo(new[]
        {
            "550 5.7.1 Relaying denied: delivery to remote domains is not available (no outbound queue)",
        }));
        await smtp.ExchangeAsync("DATA\r\n");
        Assert.That(await smtp.ExchangeAsync("Subject: from alice\r\n\r\nhi\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(
            SmtpHarness.Trace("Alice@Example.Test", "ESMTPSA", "bob@example.test", tls: true, user: "alice@example.test") + "Subject: from alice\r\n\r\nhi\r\n"));
    }

    [Test]
    public async Task Recipient_limit_answers_452_and_delivers_to_the_accepted_ones()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        for (var i = 0; i < 1000; i++)
        {
            smtp.Accounts.Passwords[$"user{i}@example.test"] = "x";
        }

        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n");
        var batch = new System.Text.StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            batch.Append("RCPT TO:<user").Append(i).Append("@example.test>\r\n");
        }

        await smtp.SendAsync(batch.ToString());
        var replies = await smtp.ReadRepliesAsync(1000);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(replies.Take(100), Is.All.EqualTo("250 2.1.5 Ok"));
            Assert.That(replies.Skip(100), Is.All.EqualTo("452 4.5.3 Error: too many recipients"));
        }

        await smtp.ExchangeAsync("DATA\r\n");
        Assert.That(await smtp.ExchangeAsync("x\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.Delivered.Select(d => d.Target.LocalPart), Is.EqualTo(Enumerable.Range(0, 100).Select(i => $"user{i}")));
    }

    [Test]
    public async Task Bare_postmaster_is_accepted_for_the_primary_domain()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n");
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<Postmaster>\r\n"), Is.EqualTo(new[] { "250 2.1.5 Ok" }));
        await smtp.ExchangeAsync("DATA\r\n");
        await smtp.ExchangeAsync("x\r\n.\r\n");
        Assert.That(smtp.Store.Delivered.Single().Target, Is.EqualTo(new DeliveryTarget("example.test", "postmaster")));
        Assert.That(smtp.Store.DeliveredText(), Does.Contain("\tfor <Postmaster>;"));
    }

    [Test]
    public async Task Plus_addressing_delivers_into_an_existing_folder_only()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        smtp.Store.Folders["alice@example.test"] = ["INBOX", "Lists", "Sent"];
        await smtp.BeginTransactionAsync("x@remote.test", "alice+lists@example.test", "alice+nosuch@example.test");
        await smtp.ExchangeAsync("DATA\r\n");
        await smtp.ExchangeAsync("x\r\n.\r\n");
        Assert.That(smtp.Store.LastTargets, Is.EqualTo(new[]
        {
            new DeliveryTarget("example.test", "alice", "Lists"),
            new DeliveryTarget("example.test", "alice"),
        }));
    }

    [Test]
    public async Task Utf8_addresses_need_smtputf8()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<zoë@example.test>\r\n"), Is.EqualTo(new[] { "553 5.6.7 Non-ASCII addresses require SMTPUTF8" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<zoë@example.test>\r\n"), Is.EqualTo(new[] { "553 5.6.7 Non-ASCII addresses require SMTPUTF8" }));
        Assert.That(await smtp.ExchangeAsync("RSET\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<rené@remote.test> SMTPUTF8\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<zoë@example.test>\r\n"), Is.EqualTo(new[] { "250 2.1.5 Ok" }));
        await smtp.ExchangeAsync("DATA\r\n");
        Assert.That(await smtp.ExchangeAsync("Subject: caf\u00e9\r\n\r\nx\r\n.\r\n"), Is.EqualTo(new[] { "250 2.0.0 Ok: message accepted" }));
        Assert.That(smtp.Store.DeliveredText(), Is.EqualTo(SmtpHarness.Trace("rené@remote.test", "UTF8SMTP", "zoë@example.test") + "Subject: caf\u00e9\r\n\r\nx\r\n"));
    }

    [TestCase("MAIL FROM:<a\0b@remote.test>\r\n", "501 5.1.7 Bad sender address syntax")]
    [TestCase("MAIL FROM:<a b@remote.test>\r\n", "501 5.1.7 Bad sender address syntax")]
    [TestCase("MAIL FROM:<a@remote.test\r\n", "501 5.1.7 Bad sender address syntax")]
    [TestCase("MAIL FROM:a@remote.test\r\n", "501 5.1.7 Bad sender address syntax")]
    [TestCase("MAIL FROM:<a..b@remote.test>\r\n", "501 5.1.7 Bad sender address syntax")]
    [TestCase("MAIL FROM:<a@-remote.test>\r\n", "501 5.1.7 Bad sender address syntax")]
    [TestCase("MAIL TO:<a@remote.test>\r\n", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [TestCase("MAIL FROM:<a@remote.test> FOO=BAR\r\n", "555 5.5.4 Unsupported parameter")]
    [TestCase("MAIL FROM:<a@remote.test> SIZE=abc\r\n", "501 5.5.4 Invalid parameter value")]
    [TestCase("MAIL FROM:<a@remote.test> SIZE=1 SIZE=2\r\n", "501 5.5.4 Invalid parameter value")]
    [TestCase("MAIL FROM:<a@remote.test> BODY=9BIT\r\n", "501 5.5.4 Invalid parameter value")]
    [TestCase("MAIL FROM:<\"quoted local\"@remote.test>\r\n", "250 2.1.0 Ok")]
    [TestCase("MAIL FROM: <spaced@remote.test>\r\n", "250 2.1.0 Ok")]
    [TestCase("MAIL FROM:<@relay.test:routed@remote.test>\r\n", "250 2.1.0 Ok")]
    [TestCase("MAIL FROM:<a@[192.0.2.1]>\r\n", "250 2.1.0 Ok")]
    public async Task Sender_syntax(string command, string reply)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync(command), Is.EqualTo(new[] { reply }));
    }

    [TestCase("RCPT TO:<alice\0@example.test>\r\n", "501 5.1.3 Bad recipient address syntax")]
    [TestCase("RCPT TO:<>\r\n", "501 5.1.3 Bad recipient address syntax")]
    [TestCase("RCPT TO:<alice@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;alice@example.test\r\n", "250 2.1.5 Ok")]
    [TestCase("RCPT TO:<alice@example.test> NOTIFY=NEVER,SUCCESS\r\n", "501 5.5.4 Invalid parameter value")]
    [TestCase("RCPT TO:<alice@example.test> ORCPT=nosemicolon\r\n", "501 5.5.4 Invalid parameter value")]
    [TestCase("RCPT TO:<alice@example.test> SIZE=10\r\n", "555 5.5.4 Unsupported parameter")]
    [TestCase("RCPT FROM:<alice@example.test>\r\n", "501 5.5.4 Syntax: RCPT TO:<address>")]
    public async Task Recipient_syntax(string command, string reply)
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n");
        Assert.That(await smtp.ExchangeAsync(command), Is.EqualTo(new[] { reply }));
    }

    [Test]
    public async Task Idn_domains_parse_under_smtputf8_and_are_not_relayed()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        Assert.That(await smtp.ExchangeAsync("MAIL FROM:<jörg@bücher.example> SMTPUTF8\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<zoë@bücher.example>\r\n"), Is.EqualTo(new[] { "550 5.7.1 Relaying denied" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<a@xn--bcher-kva.example>\r\n"), Is.EqualTo(new[] { "550 5.7.1 Relaying denied" }));
    }

    [Test]
    public async Task Thousand_character_local_part_is_refused()
    {
        await using var smtp = await SmtpHarness.StartAsync();
        await smtp.EhloAsync();
        await smtp.ExchangeAsync("MAIL FROM:<x@remote.test>\r\n");
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<" + new string('a', 1000) + "@example.test>\r\n"), Is.EqualTo(new[] { "501 5.1.3 Bad recipient address syntax" }));
        Assert.That(await smtp.ExchangeAsync("RCPT TO:<" + new string('a', 65) + "@example.test>\r\n"), Is.EqualTo(new[] { "501 5.1.3 Bad recipient address syntax" }));
    }
}
