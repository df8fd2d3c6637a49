using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

/// <summary>
/// What changes after ENABLE IMAP4rev2 (RFC 9051 Appendix E) and what stays as it was for IMAP4rev1: \Recent and everything built on
/// it, the CLOSED response code, ESEARCH for SEARCH.
/// </summary>
[CancelAfter(20000)]
public sealed class Imap4rev2Tests
{
    private static async Task<TestConnection> ConnectAsync(bool rev2)
    {
        var connection = new TestConnection();
        var inbox = connection.Alice.Inbox;
        inbox.Add(Transcript.Message1, MessageFlags.Seen);
        inbox.Add(Transcript.Message2, MessageFlags.Recent);
        await connection.LoginAsync();
        if (rev2)
        {
            Assert.That(await connection.CommandAsync("E", "ENABLE IMAP4rev2"), Is.EqualTo(new[] { "* ENABLED IMAP4rev2", "E OK ENABLE completed" }));
        }

        return connection;
    }

    [Test]
    public async Task Status_recent_is_rev1_only()
    {
        await using (var rev1 = await ConnectAsync(rev2: false))
        {
            Assert.That(await rev1.CommandAsync("a", "STATUS INBOX (RECENT MESSAGES)"), Is.EqualTo(new[] { "* STATUS INBOX (MESSAGES 2 RECENT 1)", "a OK STATUS completed" }));
            Assert.That(await rev1.CommandAsync("b", "LIST \"\" INBOX RETURN (STATUS (RECENT))"), Is.EqualTo(new[]
            {
                "* LIST (\\HasNoChildren) \"/\" INBOX",
                "* STATUS INBOX (RECENT 1)",
                "b OK LIST completed",
            }));
        }

        await using var rev2 = await ConnectAsync(rev2: true);
        Assert.That(await rev2.CommandAsync("a", "STATUS INBOX (RECENT MESSAGES)"), Is.EqualTo(new[] { "a BAD Invalid arguments" }));
        Assert.That(await rev2.CommandAsync("b", "STATUS INBOX (recent)"), Is.EqualTo(new[] { "b BAD Invalid arguments" }));
        Assert.That(await rev2.CommandAsync("c", "LIST \"\" INBOX RETURN (STATUS (MESSAGES RECENT))"), Is.EqualTo(new[] { "c BAD Invalid LIST return options" }));
        Assert.That(await rev2.CommandAsync("d", "STATUS INBOX (MESSAGES UNSEEN DELETED SIZE)"), Is.EqualTo(new[]
        {
            "* STATUS INBOX (MESSAGES 2 UNSEEN 1 DELETED 0 SIZE " + (Transcript.Message1.Length + Transcript.Message2.Length) + ")",
            "d OK STATUS completed",
        }));
    }

    [TestCase("NEW", "2")]
    [TestCase("OLD", "1")]
    [TestCase("RECENT", "2")]
    [TestCase("NOT RECENT", "1")]
    [TestCase("OR SEEN NEW", "1 2")]
    public async Task Recent_search_keys_work_in_rev1_and_are_bad_in_rev2(string key, string expected)
    {
        await using (var rev1 = await ConnectAsync(rev2: false))
        {
            await rev1.CommandAsync("s", "SELECT INBOX");
            Assert.That(await rev1.CommandAsync("a", "SEARCH " + key), Is.EqualTo(new[] { "* SEARCH " + expected, "a OK SEARCH completed" }));
        }

        await using var rev2 = await ConnectAsync(rev2: true);
        await rev2.CommandAsync("s", "SELECT INBOX");
        Assert.That(await rev2.CommandAsync("a", "SEARCH " + key), Is.EqualTo(new[] { "a BAD Invalid SEARCH criteria" }));
        Assert.That(await rev2.CommandAsync("b", "UID SEARCH RETURN (COUNT) " + key), Is.EqualTo(new[] { "b BAD Invalid SEARCH criteria" }));
        Assert.That(await rev2.CommandAsync("c", "SEARCH UNSEEN"), Is.EqualTo(new[] { "* ESEARCH (TAG \"c\") ALL 2", "c OK SEARCH completed" }));
    }

    [Test]
    public async Task Select_and_fetch_show_recent_only_to_rev1()
    {
        await using (var rev1 = await ConnectAsync(rev2: false))
        {
            var select = await rev1.CommandAsync("a", "SELECT INBOX");
            Assert.That(select, Does.Contain("* 1 RECENT").And.Contain("* OK [UNSEEN 2] First unseen"));
            Assert.That(await rev1.CommandAsync("b", "FETCH 2 FLAGS"), Is.EqualTo(new[] { "* 2 FETCH (FLAGS (\\Recent))", "b OK FETCH completed" }));
        }

        await using var rev2 = await ConnectAsync(rev2: true);
        var selected = await rev2.CommandAsync("a", "SELECT INBOX");
        Assert.That(selected, Has.None.Contains("RECENT").And.None.Contains("UNSEEN"));
        Assert.That(selected, Does.Contain("* LIST () \"/\" INBOX"));
        Assert.That(await rev2.CommandAsync("b", "FETCH 2 FLAGS"), Is.EqualTo(new[] { "* 2 FETCH (FLAGS ())", "b OK FETCH completed" }));
    }

    [Test]
    public async Task Closed_response_code_only_for_rev2()
    {
        await using (var rev1 = await ConnectAsync(rev2: false))
        {
            await rev1.CommandAsync("a", "SELECT INBOX");
            var reselect = await rev1.CommandAsync("b", "SELECT Sent");
            Assert.That(reselect[0], Is.EqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)"), "a rev1 client gets no [CLOSED]");
            Assert.That(reselect, Has.None.Contains("CLOSED"));
            Assert.That(await rev1.CommandAsync("c", "DELETE Sent"), Is.EqualTo(new[] { "c OK DELETE completed" }));
            Assert.That(await rev1.CommandAsync("d", "FETCH 1 FLAGS"), Is.EqualTo(new[] { "d BAD Command not valid in this state" }));
        }

        await using var rev2 = await ConnectAsync(rev2: true);
        await rev2.CommandAsync("a", "SELECT INBOX");
        Assert.That((await rev2.CommandAsync("b", "EXAMINE Trash"))[0], Is.EqualTo("* OK [CLOSED] Previous mailbox closed"));
        Assert.That(await rev2.CommandAsync("c", "DELETE Trash"), Is.EqualTo(new[] { "* OK [CLOSED] Mailbox deleted", "c OK DELETE completed" }));
        Assert.That((await rev2.CommandAsync("d", "SELECT INBOX"))[0], Is.EqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)"), "nothing was selected");
        Assert.That(await rev2.CommandAsync("e", "UNSELECT"), Is.EqualTo(new[] { "e OK UNSELECT completed" }));
    }

    [Test]
    public async Task Capabilities_before_and_after_login_and_after_enable()
    {
        await using var connection = new TestConnection();
        Assert.That(await connection.GreetingAsync(), Is.EqualTo("* OK [CAPABILITY " + Transcript.PreAuthSecure + "] mail.example.com MailHost IMAP ready"));
        Assert.That(await connection.CommandAsync("a", "ENABLE IMAP4rev2"), Is.EqualTo(new[] { "a BAD Command not valid in this state" }), "ENABLE needs the authenticated state (RFC 9051 §6.3.1)");
        Assert.That(await connection.CommandAsync("b", "LOGIN alice@example.com " + FakeAuthenticator.Password), Is.EqualTo(new[]
        {
            "b OK [CAPABILITY " + Transcript.PostAuth + "] Logged in",
        }));
        Assert.That(await connection.CommandAsync("c", "ENABLE IMAP4rev2 UTF8=ACCEPT X-UNKNOWN"), Is.EqualTo(new[] { "* ENABLED IMAP4rev2 UTF8=ACCEPT", "c OK ENABLE completed" }));
        Assert.That(await connection.CommandAsync("d", "CAPABILITY"), Is.EqualTo(new[] { "* CAPABILITY " + Transcript.PostAuth, "d OK CAPABILITY completed" }));
        Assert.That(await connection.CommandAsync("e", "ENABLE IMAP4rev2"), Is.EqualTo(new[] { "* ENABLED", "e OK ENABLE completed" }), "already enabled: not listed again");
    }

    [Test]
    public async Task Unsolicited_fetch_carries_the_uid_under_rev2_only()
    {
        var store = new FakeMailStore();
        await using var writer = new TestConnection(store);
        await using var rev1 = new TestConnection(store);
        await using var rev2 = new TestConnection(store);
        writer.Alice.Inbox.Add(Transcript.Message1);
        writer.Alice.Inbox.Add(Transcript.Message2);
        await writer.SelectInboxAsync();
        await rev1.SelectInboxAsync();
        await rev2.LoginAsync();
        await rev2.CommandAsync("E", "ENABLE IMAP4rev2");
        await rev2.CommandAsync("S", "SELECT INBOX");

        Assert.That(await writer.CommandAsync("a", "STORE 2 +FLAGS.SILENT (\\Flagged)"), Is.EqualTo(new[] { "a OK STORE completed" }));
        Assert.That(await rev1.CommandAsync("b", "NOOP"), Is.EqualTo(new[] { "* 2 FETCH (FLAGS (\\Flagged))", "b OK NOOP completed" }));
        Assert.That(await rev2.CommandAsync("b", "NOOP"), Is.EqualTo(new[] { "* 2 FETCH (UID 2 FLAGS (\\Flagged))", "b OK NOOP completed" }));

        // The FETCH a STORE answers with is solicited: no UID unless it was UID STORE, in either version.
        Assert.That(await rev2.CommandAsync("c", "STORE 1 +FLAGS (\\Seen)"), Is.EqualTo(new[] { "* 1 FETCH (FLAGS (\\Seen))", "c OK STORE completed" }));
    }
}
