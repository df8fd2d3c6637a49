using System.Text;
using MailHost.Imap.Tests.Fakes;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class AuthenticationTests
{
    private static string Plain(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + user + "\0" + password));

    [Test]
    public async Task Login_with_quoted_and_literal_arguments()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("a LOGIN {17}\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("+ Ready for additional command text"));
        await connection.SendAsync("alice@example.com \"secret\"\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a OK [CAPABILITY " + Transcript.PostAuth + "] Logged in"));
    }

    [Test]
    public async Task Login_with_non_synchronising_literal_needs_no_continuation()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("a LOGIN alice@example.com {6+}\r\nsecret\r\n");
        Assert.That(await connection.ReadLineAsync(), Does.StartWith("a OK [CAPABILITY"));
    }

    [Test]
    public async Task Wrong_password_fails_without_telling_why()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        Assert.That(await connection.CommandAsync("a", "LOGIN alice@example.com wrong"), Is.EqualTo(new[] { "a NO [AUTHENTICATIONFAILED] Authentication failed" }));
        Assert.That(await connection.CommandAsync("b", "LOGIN throttled@example.com secret"),
            Is.EqualTo(new[] { "b NO [UNAVAILABLE] Authentication temporarily unavailable, try again later" }));
    }

    [Test]
    public async Task Authenticate_plain_with_initial_response()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        var reply = await connection.CommandAsync("a", "AUTHENTICATE PLAIN " + Plain("alice@example.com", "secret"));
        Assert.That(reply, Is.EqualTo(new[] { "a OK [CAPABILITY " + Transcript.PostAuth + "] Logged in" }));
    }

    [Test]
    public async Task Authenticate_plain_with_continuation()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("a AUTHENTICATE PLAIN\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("+ "));
        await connection.SendAsync(Plain("alice@example.com", "secret") + "\r\n");
        Assert.That(await connection.ReadLineAsync(), Does.StartWith("a OK [CAPABILITY"));
    }

    [Test]
    public async Task Authenticate_cancel_and_broken_base64()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("a AUTHENTICATE PLAIN\r\n");
        await connection.ReadLineAsync();
        await connection.SendAsync("*\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a BAD Authentication cancelled"));
        await connection.SendAsync("b AUTHENTICATE PLAIN\r\n");
        await connection.ReadLineAsync();
        await connection.SendAsync("!!!notbase64\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("b BAD Invalid base64 response"));
        Assert.That(await connection.CommandAsync("c", "AUTHENTICATE PLAIN @@@"), Is.EqualTo(new[] { "c BAD Invalid base64 in initial response" }));
        Assert.That(await connection.CommandAsync("d", "AUTHENTICATE CRAM-MD5"), Is.EqualTo(new[] { "d NO [CANNOT] Unsupported authentication mechanism" }));
    }

    [Test]
    public async Task Login_twice_is_refused()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "LOGIN alice@example.com secret"), Is.EqualTo(new[] { "a BAD Command not valid in this state" }));
    }
}
