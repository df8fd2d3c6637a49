using MailHost.Connections;
using MailHost.Imap.Tests.Fakes;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class ConnectionTests
{
    [Test]
    public async Task Greeting_carries_capabilities_and_host_name()
    {
        await using var connection = new TestConnection();
        Assert.That(await connection.GreetingAsync(), Is.EqualTo("* OK [CAPABILITY " + Transcript.PreAuthSecure + "] mail.example.com MailHost IMAP ready"));
    }

    [Test]
    public async Task Plaintext_connection_offers_starttls_and_disables_login()
    {
        await using var connection = new TestConnection(secure: false);
        await connection.GreetingAsync();
        var reply = await connection.CommandAsync("a", "CAPABILITY");
        Assert.That(reply, Is.EqualTo(new[] { "* CAPABILITY " + Transcript.PreAuthPlaintext, "a OK CAPABILITY completed" }));
        reply = await connection.CommandAsync("b", "LOGIN alice@example.com secret");
        Assert.That(reply, Is.EqualTo(new[] { "b NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections" }));
    }

    [Test]
    public async Task Plaintext_auth_can_be_allowed_by_configuration()
    {
        var options = new ImapOptions { HostName = "h", MaxLineLength = 8192, AppendLimit = 100000, AllowPlaintextAuth = true };
        await using var connection = new TestConnection(options: options, secure: false);
        Assert.That(await connection.GreetingAsync(), Does.Contain("STARTTLS AUTH=PLAIN SASL-IR"));
        await connection.SendAsync("b LOGIN alice@example.com secret\r\n");
        Assert.That(await connection.ReadLineAsync(), Does.StartWith("b OK [CAPABILITY"));
    }

    [Test]
    public async Task Starttls_upgrades_and_then_login_works()
    {
        await using var connection = new TestConnection(secure: false);
        await connection.GreetingAsync();
        await connection.SendAsync("t STARTTLS\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("t OK Begin TLS negotiation now"));
        var reply = await connection.CommandAsync("c", "CAPABILITY");
        Assert.That(reply[0], Is.EqualTo("* CAPABILITY " + Transcript.PreAuthSecure));
        reply = await connection.CommandAsync("l", "LOGIN alice@example.com secret");
        Assert.That(reply[^1], Is.EqualTo("l OK [CAPABILITY " + Transcript.PostAuth + "] Logged in"));
    }

    [Test]
    public async Task Starttls_with_pipelined_plaintext_says_bye_and_closes()
    {
        await using var connection = new TestConnection(secure: false);
        connection.StartTls.NextOutcome = StartTlsOutcome.RefusedPipelinedPlaintext;
        await connection.GreetingAsync();
        await connection.SendAsync("t STARTTLS\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BYE Commands pipelined after STARTTLS"));
            Assert.That(await connection.ReadLineAsync(), Is.Null);
        }
    }

    [Test]
    public async Task Starttls_on_a_secure_connection_is_refused()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        Assert.That(await connection.CommandAsync("t", "STARTTLS"), Is.EqualTo(new[] { "t BAD STARTTLS not available" }));
    }

    [Test]
    public async Task Noop_and_logout()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        Assert.That(await connection.CommandAsync("a", "NOOP"), Is.EqualTo(new[] { "a OK NOOP completed" }));
        Assert.That(await connection.CommandAsync("b", "LOGOUT"), Is.EqualTo(new[] { "* BYE Logging out", "b OK LOGOUT completed" }));
        Assert.That(await connection.ReadLineAsync(), Is.Null);
    }

    [Test]
    public async Task Pipelined_commands_are_answered_in_order()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("a NOOP\r\nb ID NIL\r\nc LOGIN alice@example.com secret\r\nd NAMESPACE\r\n");
        var lines = await connection.ReadUntilTaggedAsync("d");
        Assert.That(lines, Is.EqualTo(new[]
        {
            "a OK NOOP completed",
            "* ID (\"name\" \"MailHost\" \"vendor\" \"MailHost\")",
            "b OK ID completed",
            "c OK [CAPABILITY " + Transcript.PostAuth + "] Logged in",
            "* NAMESPACE ((\"\" \"/\")) NIL NIL",
            "d OK NAMESPACE completed",
        }));
    }

    [Test]
    public async Task Commands_split_across_writes_are_reassembled()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("a NO");
        await connection.SendAsync("OP\r");
        await connection.SendAsync("\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a OK NOOP completed"));
    }

    [Test]
    public async Task Unknown_and_out_of_state_commands_get_bad()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        Assert.That(await connection.CommandAsync("a", "FROBNICATE"), Is.EqualTo(new[] { "a BAD Unknown command" }));
        Assert.That(await connection.CommandAsync("b", "SELECT INBOX"), Is.EqualTo(new[] { "b BAD Command not valid in this state" }));
        Assert.That(await connection.CommandAsync("c", "FETCH 1 FLAGS"), Is.EqualTo(new[] { "c BAD Command not valid in this state" }));
    }

    [Test]
    public async Task Repeated_abuse_ends_the_session()
    {
        var options = new ImapOptions { HostName = "h", MaxLineLength = 8192, AppendLimit = 100000, MaxBadCommands = 3 };
        await using var connection = new TestConnection(options: options);
        await connection.GreetingAsync();
        await connection.SendAsync("a X\r\nb X\r\nc X\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a BAD Unknown command"));
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("b BAD Unknown command"));
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("c BAD Unknown command"));
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BYE Too many invalid commands"));
            Assert.That(await connection.ReadLineAsync(), Is.Null);
        }
    }

    [Test]
    public async Task Autologout_timer_says_bye()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        Assert.That(connection.Timeout.Current, Is.EqualTo(TimeSpan.FromSeconds(60)));
        connection.Timeout.Fire();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BYE Autologout; idle for too long"));
            Assert.That(await connection.ReadLineAsync(), Is.Null);
        }
    }

    [Test]
    public async Task Login_arms_the_authenticated_timeout()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(connection.Timeout.Current, Is.EqualTo(TimeSpan.FromSeconds(1800)));
    }

    [Test]
    public async Task Shutdown_cancellation_says_bye()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        connection.Context.Transport.Input.CancelPendingRead();
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BYE Server shutting down"));
    }

    [Test]
    public async Task Enable_switches_to_imap4rev2()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("e", "ENABLE IMAP4rev2 UTF8=ACCEPT"),
            Is.EqualTo(new[] { "* ENABLED IMAP4rev2 UTF8=ACCEPT", "e OK ENABLE completed" }));
        Assert.That(await connection.CommandAsync("f", "ENABLE IMAP4rev2 CONDSTORE"), Is.EqualTo(new[] { "* ENABLED", "f OK ENABLE completed" }));
    }
}
