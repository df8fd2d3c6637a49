using System.Text;
using MailHost.Accounts.Sasl;

namespace MailHost.Accounts.Tests.Sasl;

public sealed class SaslTests
{
    private readonly SaslMechanisms _mechanisms = new(new AddressCanonicalizer(localPartCaseSensitive: false));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private ISaslExchange Create(string name)
    {
        Assert.That(_mechanisms.TryCreate(Encoding.ASCII.GetBytes(name), out var exchange), Is.True);
        return exchange!;
    }

    [Test]
    public void Advertises_plain_and_login()
    {
        Assert.That(_mechanisms.Names, Is.EqualTo(new[] { "PLAIN", "LOGIN" }));
    }

    [TestCase("PLAIN", true)]
    [TestCase("plain", true)]
    [TestCase("Login", true)]
    [TestCase("CRAM-MD5", false)]
    [TestCase("PLAINX", false)]
    [TestCase("", false)]
    public void Mechanism_names_match_case_insensitively(string name, bool known)
    {
        Assert.That(_mechanisms.TryCreate(Encoding.ASCII.GetBytes(name), out var exchange), Is.EqualTo(known));
        Assert.That(exchange is not null, Is.EqualTo(known));
    }

    [TestCase("\0alice@example.test\0secret", "alice@example.test", "secret")]
    [TestCase("alice@example.test\0alice@example.test\0secret", "alice@example.test", "secret")]
    [TestCase("Alice@Example.test\0alice@example.test\0secret", "alice@example.test", "secret")]
    [TestCase("\0zoë@exämple.test\0pässwörd", "zoë@exämple.test", "pässwörd")]
    [TestCase("\0alice@example.test\0pass with spaces and : colons", "alice@example.test", "pass with spaces and : colons")]
    public void Plain_with_initial_response(string message, string user, string password)
    {
        var step = Create("PLAIN").Start(Bytes(message), hasInitialResponse: true);

        Assert.That(step, Is.EqualTo(new SaslStep(SaslStepKind.Credentials, ReadOnlyMemory<byte>.Empty, user, password)));
    }

    [Test]
    public void Plain_without_initial_response_sends_an_empty_challenge_first()
    {
        var exchange = Create("PLAIN");

        var challenge = exchange.Start(ReadOnlySpan<byte>.Empty, hasInitialResponse: false);
        var credentials = exchange.Continue(Bytes("\0bob@example.test\0pw"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(challenge.Kind, Is.EqualTo(SaslStepKind.Challenge));
            Assert.That(challenge.Challenge.Length, Is.Zero);
            Assert.That(credentials.Kind, Is.EqualTo(SaslStepKind.Credentials));
            Assert.That(credentials.UserName, Is.EqualTo("bob@example.test"));
            Assert.That(credentials.Password, Is.EqualTo("pw"));
        }
    }

    [TestCase("")]
    [TestCase("alice@example.test")]
    [TestCase("\0alice@example.test")]
    [TestCase("\0\0secret")]
    [TestCase("\0alice@example.test\0")]
    [TestCase("bob@example.test\0alice@example.test\0secret")]
    [TestCase("\0alice@example.test\0sec\0ret")]
    [TestCase("\0alice@example.test\0sec\r\nret")]
    public void Plain_malformed(string message)
    {
        var step = Create("PLAIN").Start(Bytes(message), hasInitialResponse: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.Kind, Is.EqualTo(SaslStepKind.Malformed));
            Assert.That(step.UserName, Is.Null);
            Assert.That(step.Password, Is.Null);
        }
    }

    [TestCase(new byte[] { 0, 0x61, 0x40, 0x62, 0, 0xFF })]
    [TestCase(new byte[] { 0, 0xC3, 0x28, 0x40, 0x62, 0, 0x70 })]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80, 0, 0x61, 0x40, 0x62, 0, 0x70 })]
    [TestCase(new byte[] { 0, 0x61, 0x40, 0x62, 0, 0xC0, 0xAF })]
    public void Plain_invalid_utf8_is_malformed(byte[] message)
    {
        Assert.That(Create("PLAIN").Start(message, hasInitialResponse: true).Kind, Is.EqualTo(SaslStepKind.Malformed));
    }

    [Test]
    public void Plain_refuses_a_second_response()
    {
        var exchange = Create("PLAIN");
        exchange.Start(Bytes("\0a@example.test\0pw"), hasInitialResponse: true);

        Assert.That(exchange.Continue(Bytes("\0a@example.test\0pw")).Kind, Is.EqualTo(SaslStepKind.Malformed));
    }

    [Test]
    public void Login_asks_for_user_name_then_password()
    {
        var exchange = Create("LOGIN");

        var first = exchange.Start(ReadOnlySpan<byte>.Empty, hasInitialResponse: false);
        var second = exchange.Continue(Bytes("zoë@exämple.test"));
        var third = exchange.Continue(Bytes("pässwörd"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Kind, Is.EqualTo(SaslStepKind.Challenge));
            Assert.That(first.Challenge.ToArray(), Is.EqualTo("Username:"u8.ToArray()));
            Assert.That(second.Kind, Is.EqualTo(SaslStepKind.Challenge));
            Assert.That(second.Challenge.ToArray(), Is.EqualTo("Password:"u8.ToArray()));
            Assert.That(third, Is.EqualTo(new SaslStep(SaslStepKind.Credentials, ReadOnlyMemory<byte>.Empty, "zoë@exämple.test", "pässwörd")));
        }
    }

    [Test]
    public void Login_takes_an_initial_response_as_the_user_name()
    {
        var exchange = Create("LOGIN");

        var first = exchange.Start(Bytes("alice@example.test"), hasInitialResponse: true);
        var second = exchange.Continue(Bytes("secret"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Challenge.ToArray(), Is.EqualTo("Password:"u8.ToArray()));
            Assert.That(second.UserName, Is.EqualTo("alice@example.test"));
            Assert.That(second.Password, Is.EqualTo("secret"));
        }
    }

    [Test]
    public void Login_empty_password_is_passed_on_for_the_authenticator_to_refuse()
    {
        var exchange = Create("LOGIN");
        exchange.Start(Bytes("alice@example.test"), hasInitialResponse: true);

        var step = exchange.Continue(ReadOnlySpan<byte>.Empty);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.Kind, Is.EqualTo(SaslStepKind.Credentials));
            Assert.That(step.Password, Is.Empty);
        }
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 0xFF, 0xFE })]
    [TestCase(new byte[] { 0x61, 0x00, 0x62 })]
    [TestCase(new byte[] { 0x61, 0x0D, 0x0A })]
    public void Login_malformed_user_name(byte[] userName)
    {
        var exchange = Create("LOGIN");
        exchange.Start(ReadOnlySpan<byte>.Empty, hasInitialResponse: false);

        var step = exchange.Continue(userName);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.Kind, Is.EqualTo(SaslStepKind.Malformed));
            Assert.That(exchange.Continue("pw"u8).Kind, Is.EqualTo(SaslStepKind.Malformed), "the exchange is over");
        }
    }

    [Test]
    public void Login_malformed_password_and_no_fourth_step()
    {
        var exchange = Create("LOGIN");
        exchange.Start(Bytes("alice@example.test"), hasInitialResponse: true);

        var step = exchange.Continue([0x70, 0xC3]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.Kind, Is.EqualTo(SaslStepKind.Malformed));
            Assert.That(exchange.Continue("pw"u8).Kind, Is.EqualTo(SaslStepKind.Malformed));
        }
    }

    [Test]
    public void Each_exchange_is_independent()
    {
        var one = Create("LOGIN");
        var two = Create("LOGIN");
        one.Start("a@example.test"u8, hasInitialResponse: true);

        var step = two.Start(ReadOnlySpan<byte>.Empty, hasInitialResponse: false);

        Assert.That(step.Challenge.ToArray(), Is.EqualTo("Username:"u8.ToArray()));
    }
}
