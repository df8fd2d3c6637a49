using System.Text;
using MailHost.Imap.Tests.Fakes;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class HostileInputTests
{
    [Test]
    public async Task Over_long_line_gets_bad_and_session_resynchronises()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("a NOOP " + new string('x', 20000) + "\r\nb NOOP\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BAD Line too long"));
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("b OK NOOP completed"));
        }
    }

    [Test]
    public async Task Absurd_synchronising_literal_gets_toobig_and_session_continues()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        Assert.That(await connection.CommandAsync("a", "LOGIN {4294967296}"), Is.EqualTo(new[] { "a NO [TOOBIG] Literal too large" }));
        Assert.That(await connection.CommandAsync("b", "LOGIN {99999999999999999999999}"), Is.EqualTo(new[] { "b NO [TOOBIG] Literal too large" }));
        Assert.That(await connection.CommandAsync("c", "NOOP"), Is.EqualTo(new[] { "c OK NOOP completed" }));
    }

    [Test]
    public async Task Absurd_non_synchronising_literal_says_bye()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("a LOGIN {4294967296+}\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BYE [TOOBIG] Literal too large"));
            Assert.That(await connection.ReadLineAsync(), Is.Null);
        }
    }

    [TestCase("a LOGIN (alice secret")]
    [TestCase("a LOGIN \"alice secret")]
    [TestCase("a LOGIN alice")]
    [TestCase("a LOGIN {-1}")]
    [TestCase("a LOGIN {abc}")]
    [TestCase("a LOGIN \"al\0ice\" x")]
    public async Task Malformed_arguments_get_bad(string line)
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync(line + "\r\n");
        Assert.That(await connection.ReadLineAsync(), Does.StartWith("a BAD"));
        Assert.That(await connection.CommandAsync("b", "NOOP"), Is.EqualTo(new[] { "b OK NOOP completed" }));
    }

    [Test]
    public async Task Ten_thousand_nested_parentheses_are_refused()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        var nested = new string('(', 3000) + new string(')', 3000);
        Assert.That(await connection.CommandAsync("a", "ID " + nested), Is.EqualTo(new[] { "a BAD Invalid ID arguments" }));
        Assert.That(await connection.CommandAsync("b", "NOOP"), Is.EqualTo(new[] { "b OK NOOP completed" }));
    }

    [Test]
    public async Task Nul_and_invalid_utf8_in_arguments()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        await connection.SendAsync(Encoding.ASCII.GetBytes("a SELECT IN\0BOX\r\n"));
        Assert.That(await connection.ReadLineAsync(), Does.StartWith("a BAD"));
        await connection.SendAsync([.. "b CREATE \""u8, 0xC3, 0x28, .. "\"\r\n"u8]);
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("b NO [CANNOT] Invalid mailbox name"));
        await connection.SendAsync([.. "c CREATE {3}\r\n"u8]);
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("+ Ready for additional command text"));
        await connection.SendAsync([0xFF, 0xFE, 0x41, .. "\r\n"u8]);
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("c NO [CANNOT] Invalid mailbox name"));
    }

    [Test]
    public async Task Missing_tag_and_empty_lines()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        await connection.SendAsync("\r\n+ NOOP\r\na\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BAD Empty command line"));
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BAD Missing or invalid tag"));
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a BAD Missing command"));
        }
    }

    [Test]
    public async Task Many_pipelined_commands_are_all_answered()
    {
        await using var connection = new TestConnection();
        await connection.GreetingAsync();
        var batch = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            batch.Append("t").Append(i).Append(" NOOP\r\n");
        }

        var send = connection.SendAsync(batch.ToString());
        for (var i = 0; i < 2000; i++)
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo($"t{i} OK NOOP completed"));
        }

        await send;
    }
}
