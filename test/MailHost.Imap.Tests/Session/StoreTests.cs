using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class StoreTests
{
    private static async Task<TestConnection> WithThreeMessagesAsync()
    {
        var connection = new TestConnection();
        connection.Alice.Inbox.Add(Transcript.Message1);
        connection.Alice.Inbox.Add(Transcript.Message2);
        connection.Alice.Inbox.Add(Transcript.Message1, MessageFlags.Flagged);
        await connection.SelectInboxAsync();
        return connection;
    }

    [Test]
    public async Task Store_adds_removes_and_replaces_flags()
    {
        await using var connection = await WithThreeMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "STORE 1:2 +FLAGS (\\Seen $Label1)"), Is.EqualTo(new[]
        {
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 \\*)] Flags permitted",
            "* 1 FETCH (FLAGS (\\Seen $Label1))",
            "* 2 FETCH (FLAGS (\\Seen $Label1))",
            "a OK STORE completed",
        }));
        Assert.That(await connection.CommandAsync("b", "UID STORE 3 -FLAGS.SILENT \\Flagged"), Is.EqualTo(new[] { "b OK UID STORE completed" }));
        Assert.That(await connection.CommandAsync("c", "STORE 2 FLAGS \\Answered \\Draft"), Is.EqualTo(new[]
        {
            "* 2 FETCH (FLAGS (\\Answered \\Draft))",
            "c OK STORE completed",
        }));
        Assert.That(connection.Alice.Inbox.Messages.Select(m => m.Flags), Is.EqualTo(new[]
        {
            MessageFlags.Seen, MessageFlags.Answered | MessageFlags.Draft, MessageFlags.None,
        }));
        Assert.That(await connection.CommandAsync("d", "STORE 1 +FLAGS (\\Bogus)"), Is.EqualTo(new[] { "d BAD Invalid STORE arguments" }));
    }

    [Test]
    public async Task Store_in_examined_mailbox_is_refused()
    {
        await using var connection = new TestConnection();
        connection.Alice.Inbox.Add(Transcript.Message1);
        await connection.LoginAsync();
        await connection.CommandAsync("x", "EXAMINE INBOX");
        Assert.That(await connection.CommandAsync("a", "STORE 1 +FLAGS \\Seen"), Is.EqualTo(new[] { "a NO [READ-ONLY] Mailbox is read-only" }));
        Assert.That(await connection.CommandAsync("b", "EXPUNGE"), Is.EqualTo(new[] { "b NO [READ-ONLY] Mailbox is read-only" }));
    }

    [Test]
    public async Task Expunge_and_uid_expunge_report_sequence_numbers()
    {
        await using var connection = await WithThreeMessagesAsync();
        await connection.CommandAsync("x", "STORE 1:3 +FLAGS.SILENT \\Deleted");
        Assert.That(await connection.CommandAsync("a", "UID EXPUNGE 2:3"), Is.EqualTo(new[]
        {
            "* 2 EXPUNGE",
            "* 2 EXPUNGE",
            "a OK UID EXPUNGE completed",
        }));
        Assert.That(await connection.CommandAsync("b", "EXPUNGE"), Is.EqualTo(new[] { "* 1 EXPUNGE", "b OK EXPUNGE completed" }));
    }

    [Test]
    public async Task Expunge_when_lock_is_busy_says_inuse()
    {
        await using var connection = await WithThreeMessagesAsync();
        connection.Store.ExpungeStatus = StoreStatus.InUse;
        Assert.That(await connection.CommandAsync("a", "EXPUNGE"), Is.EqualTo(new[] { "a NO [INUSE] Mailbox is locked, try again later" }));
    }

    [Test]
    public async Task Copy_answers_copyuid_and_trycreate()
    {
        await using var connection = await WithThreeMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "COPY 1,3 Trash"), Is.EqualTo(new[] { "a OK [COPYUID 1700000000 1,3 1:2] COPY completed" }));
        Assert.That(await connection.CommandAsync("b", "UID COPY 2 Nowhere"), Is.EqualTo(new[] { "b NO [TRYCREATE] Mailbox does not exist" }));
        Assert.That(connection.Alice.Folders["Trash"].Messages, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Move_reports_copyuid_then_expunges()
    {
        await using var connection = await WithThreeMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "MOVE 2:3 Trash"), Is.EqualTo(new[]
        {
            "* OK [COPYUID 1700000000 2:3 1:2] Moved",
            "* 2 EXPUNGE",
            "* 2 EXPUNGE",
            "a OK MOVE completed",
        }));
        Assert.That(await connection.CommandAsync("b", "UID MOVE 1 Trash"), Is.EqualTo(new[]
        {
            "* OK [COPYUID 1700000000 1 3] Moved",
            "* 1 EXPUNGE",
            "b OK MOVE completed",
        }));
        Assert.That(connection.Alice.Inbox.Messages, Is.Empty);
    }

    [Test]
    public async Task Two_sessions_see_each_others_changes_in_allowed_order()
    {
        var store = new FakeMailStore();
        await using var one = new TestConnection(store);
        await using var two = new TestConnection(store);
        one.Alice.Inbox.Add(Transcript.Message1);
        one.Alice.Inbox.Add(Transcript.Message2);
        await one.SelectInboxAsync();
        await two.SelectInboxAsync();
        await one.CommandAsync("a", "STORE 1 +FLAGS.SILENT (\\Deleted)");
        await one.CommandAsync("b", "EXPUNGE");
        var body = Transcript.Message2;
        await one.CommandAsync("c", $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
        await one.CommandAsync("d", "STORE 1 +FLAGS.SILENT (\\Flagged)");

        // FETCH may not report the expunge: sequence numbers stay put, EXISTS grows.
        Assert.That(await two.CommandAsync("x", "FETCH 1 UID"), Is.EqualTo(new[]
        {
            "* 1 FETCH (UID 1)",
            "* 3 EXISTS",
            "* 1 RECENT",
            "* 2 FETCH (FLAGS (\\Flagged))",
            "x OK FETCH completed",
        }));
        Assert.That(await two.CommandAsync("y", "NOOP"), Is.EqualTo(new[] { "* 1 EXPUNGE", "y OK NOOP completed" }));
        Assert.That(await two.CommandAsync("z", "FETCH 1:* UID"), Is.EqualTo(new[]
        {
            "* 1 FETCH (UID 2)",
            "* 2 FETCH (UID 3)",
            "z OK FETCH completed",
        }));
    }
}
