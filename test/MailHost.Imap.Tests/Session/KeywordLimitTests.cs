using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

/// <summary>
/// A Maildir folder holds 26 keywords. The 27th is refused with NO [LIMIT] (RFC 5530) by STORE, APPEND and COPY, nothing changes,
/// and PERMANENTFLAGS stops offering \* once the folder is full.
/// </summary>
[CancelAfter(30000)]
public sealed class KeywordLimitTests
{
    private static readonly string TwentySix = string.Join(' ', Enumerable.Range(0, 26).Select(static i => "$K" + i));

    private MaildirStoreFixture _maildir = null!;

    [SetUp]
    public void SetUp() => _maildir = new MaildirStoreFixture();

    [TearDown]
    public async Task TearDown() => await _maildir.DisposeAsync();

    private async Task<TestConnection> ConnectAsync()
    {
        var connection = new TestConnection(backingStore: _maildir.Store);
        await connection.LoginAsync();
        return connection;
    }

    private static string Append(string mailbox, string flags, string body) => $"APPEND {mailbox} ({flags}) {{{body.Length}+}}\r\n{body}";

    [Test]
    public async Task Store_append_and_copy_of_a_27th_keyword_answer_limit_and_change_nothing()
    {
        await using var connection = await ConnectAsync();
        Assert.That((await connection.CommandAsync("a", Append("INBOX", "\\Seen", Transcript.Message1)))[^1], Does.StartWith("a OK [APPENDUID "));
        var select = await connection.CommandAsync("b", "SELECT INBOX");
        Assert.That(select[1], Is.EqualTo("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted"));

        // The STORE that takes the last letter announces the new keywords, and PERMANENTFLAGS without \* (RFC 9051 §7.3.5).
        var filled = await connection.CommandAsync("c", "STORE 1 +FLAGS (" + TwentySix + ")");
        Assert.That(filled, Has.Count.EqualTo(4));
        Assert.That(filled[0], Is.EqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft " + TwentySix + ")"));
        Assert.That(filled[1], Is.EqualTo("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft " + TwentySix + ")] Flags permitted"));
        Assert.That(filled[2], Does.StartWith("* 1 FETCH (FLAGS (\\Seen ").And.EndWith(" " + TwentySix + "))"));
        Assert.That(filled[3], Is.EqualTo("c OK STORE completed"));

        Assert.That(await connection.CommandAsync("d", "STORE 1 +FLAGS (\\Flagged $K1 $Extra)"), Is.EqualTo(new[]
        {
            "d NO [LIMIT] No room for another keyword in this mailbox",
        }));
        Assert.That(await connection.CommandAsync("e", "UID STORE 1 FLAGS.SILENT ($Extra)"), Is.EqualTo(new[]
        {
            "e NO [LIMIT] No room for another keyword in this mailbox",
        }));
        var flags = (await connection.CommandAsync("g", "FETCH 1 (FLAGS)"))[0];
        Assert.That(flags, Does.Not.Contain("\\Flagged").And.Not.Contain("$Extra").And.Contain("$K25"));

        // Known keywords, and removing unknown ones, still work.
        Assert.That(await connection.CommandAsync("h", "STORE 1 -FLAGS.SILENT ($K0 $NeverSeen)"), Is.EqualTo(new[] { "h OK STORE completed" }));
        Assert.That(await connection.CommandAsync("i", "STORE 1 +FLAGS.SILENT ($k0)"), Is.EqualTo(new[] { "i OK STORE completed" }));

        Assert.That(await connection.CommandAsync("j", Append("INBOX", "$Extra", Transcript.Message2)), Is.EqualTo(new[]
        {
            "j NO [LIMIT] No room for another keyword in this mailbox",
        }));
        Assert.That(await connection.CommandAsync("k", "NOOP"), Is.EqualTo(new[] { "k OK NOOP completed" }), "no message arrived");
        Assert.That((await connection.CommandAsync("l", Append("INBOX", "$K5", Transcript.Message2)))[^1], Does.StartWith("l OK [APPENDUID "));

        // The full folder is the target of a COPY and a MOVE of a message carrying a keyword it does not know.
        Assert.That((await connection.CommandAsync("m", Append("Archive", "$Elsewhere", Transcript.Message2)))[^1], Does.StartWith("m OK [APPENDUID "));
        await connection.CommandAsync("n", "SELECT Archive");
        Assert.That(await connection.CommandAsync("o", "COPY 1 INBOX"), Is.EqualTo(new[] { "o NO [LIMIT] No room for another keyword in this mailbox" }));
        Assert.That(await connection.CommandAsync("p", "UID MOVE 1 INBOX"), Is.EqualTo(new[] { "p NO [LIMIT] No room for another keyword in this mailbox" }));
        Assert.That(await connection.CommandAsync("q", "STATUS INBOX (MESSAGES)"), Is.EqualTo(new[] { "* STATUS INBOX (MESSAGES 2)", "q OK STATUS completed" }));
        Assert.That(await connection.CommandAsync("r", "SEARCH KEYWORD $Elsewhere"), Is.EqualTo(new[] { "* SEARCH 1", "r OK SEARCH completed" }), "the MOVE source stays");

        var full = await connection.CommandAsync("s", "EXAMINE INBOX");
        Assert.That(full[0], Is.EqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft " + TwentySix + ")"));
        Assert.That(full[1], Is.EqualTo("* OK [PERMANENTFLAGS ()] Flags permitted"), "read-only");
        var reselected = await connection.CommandAsync("t", "SELECT INBOX");
        Assert.That(reselected[1], Is.EqualTo("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft " + TwentySix + ")] Flags permitted"),
            "no \\* once no keyword can be created");
    }

    [Test]
    public async Task A_keyword_defined_by_another_session_is_announced_before_the_fetch_that_shows_it()
    {
        await using var writer = await ConnectAsync();
        await using var reader = await ConnectAsync();
        Assert.That((await writer.CommandAsync("a", Append("INBOX", "\\Seen", Transcript.Message1)))[^1], Does.StartWith("a OK [APPENDUID "));
        await writer.CommandAsync("b", "SELECT INBOX");
        await reader.CommandAsync("b", "SELECT INBOX");
        Assert.That(await writer.CommandAsync("c", "STORE 1 +FLAGS.SILENT ($Shared)"), Is.EqualTo(new[]
        {
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Shared)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Shared \\*)] Flags permitted",
            "c OK STORE completed",
        }));
        var noop = await reader.CommandAsync("d", "NOOP");
        Assert.That(noop[0], Is.EqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Shared)"));
        Assert.That(noop[1], Is.EqualTo("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Shared \\*)] Flags permitted"));
        Assert.That(noop[2], Does.StartWith("* 1 FETCH (FLAGS (\\Seen").And.EndWith(" $Shared))"));
        Assert.That(noop[^1], Is.EqualTo("d OK NOOP completed"));
        Assert.That(await reader.CommandAsync("e", "NOOP"), Is.EqualTo(new[] { "e OK NOOP completed" }), "announced once");
    }
}
