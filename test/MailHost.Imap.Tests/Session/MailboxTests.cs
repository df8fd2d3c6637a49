using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class MailboxTests
{
    [Test]
    public async Task Select_reports_state_in_rfc3501_order()
    {
        await using var connection = new TestConnection();
        var inbox = connection.Alice.Inbox;
        inbox.Add(Transcript.Message1, MessageFlags.Seen);
        inbox.Add(Transcript.Message2, MessageFlags.Recent);
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "SELECT INBOX"), Is.EqualTo(new[]
        {
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted",
            "* 2 EXISTS",
            "* 1 RECENT",
            "* OK [UNSEEN 2] First unseen",
            "* OK [UIDVALIDITY 1700000000] UIDs valid",
            "* OK [UIDNEXT 3] Predicted next UID",
            "a OK [READ-WRITE] SELECT completed",
        }));
    }

    [Test]
    public async Task Examine_is_read_only_and_rev2_select_lists_the_mailbox()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("e", "ENABLE IMAP4rev2"), Is.EqualTo(new[] { "* ENABLED IMAP4rev2", "e OK ENABLE completed" }));
        var examine = await connection.CommandAsync("a", "EXAMINE inbox");
        Assert.That(examine[1], Is.EqualTo("* OK [PERMANENTFLAGS ()] Flags permitted"));
        Assert.That(examine[^1], Is.EqualTo("a OK [READ-ONLY] EXAMINE completed"));
        Assert.That(await connection.CommandAsync("b", "SELECT Sent"), Is.EqualTo(new[]
        {
            "* OK [CLOSED] Previous mailbox closed",
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted",
            "* 0 EXISTS",
            "* OK [UIDVALIDITY 1700000000] UIDs valid",
            "* OK [UIDNEXT 1] Predicted next UID",
            "* LIST () \"/\" Sent",
            "b OK [READ-WRITE] SELECT completed",
        }));
    }

    [Test]
    public async Task Select_of_missing_or_bad_mailbox()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "SELECT Nope"), Is.EqualTo(new[] { "a NO [NONEXISTENT] Mailbox does not exist" }));
        Assert.That(await connection.CommandAsync("b", "SELECT \"../../etc\""), Is.EqualTo(new[] { "b NO [CANNOT] Invalid mailbox name" }));
        Assert.That(await connection.CommandAsync("c", "SELECT \"/etc/passwd\""), Is.EqualTo(new[] { "c NO [CANNOT] Invalid mailbox name" }));
        Assert.That(await connection.CommandAsync("d", "SELECT " + new string('x', 1000)), Is.EqualTo(new[] { "d NO [CANNOT] Invalid mailbox name" }));
        Assert.That(await connection.CommandAsync("e", "SELECT &2D0-"), Is.EqualTo(new[] { "e NO [CANNOT] Invalid mailbox name" }));
    }

    [Test]
    public async Task Create_rename_delete_subscribe()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "CREATE Projects/"), Is.EqualTo(new[] { "a OK CREATE completed" }));
        Assert.That(await connection.CommandAsync("b", "CREATE Projects"), Is.EqualTo(new[] { "b NO [ALREADYEXISTS] Mailbox already exists" }));
        Assert.That(await connection.CommandAsync("c", "RENAME Projects Archive"), Is.EqualTo(new[] { "c OK RENAME completed" }));
        Assert.That(await connection.CommandAsync("d", "SUBSCRIBE Archive"), Is.EqualTo(new[] { "d OK SUBSCRIBE completed" }));
        Assert.That(await connection.CommandAsync("e", "UNSUBSCRIBE Archive"), Is.EqualTo(new[] { "e OK UNSUBSCRIBE completed" }));
        Assert.That(await connection.CommandAsync("f", "DELETE Archive"), Is.EqualTo(new[] { "f OK DELETE completed" }));
        Assert.That(await connection.CommandAsync("g", "DELETE Archive"), Is.EqualTo(new[] { "g NO [NONEXISTENT] Mailbox does not exist" }));
        Assert.That(await connection.CommandAsync("h", "DELETE INBOX"), Is.EqualTo(new[] { "h NO [CANNOT] INBOX cannot be deleted" }));
        Assert.That(connection.Alice.Folders.Keys, Is.EquivalentTo(new[] { "INBOX", "Sent", "Trash" }));
    }

    [Test]
    public async Task Create_special_use_and_utf7_names()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "CREATE Entw&APw-rfe (USE (\\Drafts))"), Is.EqualTo(new[] { "a OK CREATE completed" }));
        Assert.That(connection.Alice.Folders["Entwürfe"].SpecialUse, Is.EqualTo(MailboxSpecialUse.Drafts));
        Assert.That(await connection.CommandAsync("b", "LIST \"\" Entw*"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren \\Drafts) \"/\" Entw&APw-rfe",
            "b OK LIST completed",
        }));
        await connection.CommandAsync("e", "ENABLE UTF8=ACCEPT");
        Assert.That(await connection.CommandAsync("c", "LIST \"\" Entw*"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Entwürfe\"",
            "c OK LIST completed",
        }));
        Assert.That(await connection.CommandAsync("d", "CREATE X (USE (\\Bogus))"), Is.EqualTo(new[] { "d NO [USEATTR] Unsupported special-use attribute" }));
    }

    [Test]
    public async Task List_patterns_and_extended_options()
    {
        await using var connection = new TestConnection();
        connection.Alice.Folders["Sent"].Subscribed = false;
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "LIST \"\" \"\""), Is.EqualTo(new[] { "* LIST (\\Noselect) \"/\" \"\"", "a OK LIST completed" }));
        Assert.That(await connection.CommandAsync("b", "LIST \"\" *"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren) \"/\" INBOX",
            "* LIST (\\HasNoChildren \\Sent) \"/\" Sent",
            "* LIST (\\HasNoChildren \\Trash) \"/\" Trash",
            "b OK LIST completed",
        }));
        Assert.That(await connection.CommandAsync("c", "LIST (SUBSCRIBED) \"\" (INBOX T%) RETURN (STATUS (MESSAGES UIDNEXT SIZE))"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren \\Subscribed) \"/\" INBOX",
            "* STATUS INBOX (MESSAGES 0 UIDNEXT 1 SIZE 0)",
            "* LIST (\\HasNoChildren \\Subscribed \\Trash) \"/\" Trash",
            "* STATUS Trash (MESSAGES 0 UIDNEXT 1 SIZE 0)",
            "c OK LIST completed",
        }));
        Assert.That(await connection.CommandAsync("d", "LIST (SPECIAL-USE) \"\" *"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren \\Sent) \"/\" Sent",
            "* LIST (\\HasNoChildren \\Trash) \"/\" Trash",
            "d OK LIST completed",
        }));
        Assert.That(await connection.CommandAsync("e", "LSUB \"\" *"), Is.EqualTo(new[]
        {
            "* LSUB () \"/\" INBOX",
            "* LSUB (\\Trash) \"/\" Trash",
            "e OK LSUB completed",
        }));
        Assert.That(await connection.CommandAsync("f", "LIST (BOGUS) \"\" *"), Is.EqualTo(new[] { "f BAD Invalid LIST selection options" }));
    }

    [Test]
    public async Task Status_reports_requested_items()
    {
        await using var connection = new TestConnection();
        connection.Alice.Inbox.Add(Transcript.Message1, MessageFlags.Seen);
        connection.Alice.Inbox.Add(Transcript.Message2, MessageFlags.Deleted);
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE)"), Is.EqualTo(new[]
        {
            "* STATUS INBOX (MESSAGES 2 RECENT 0 UIDNEXT 3 UIDVALIDITY 1700000000 UNSEEN 1 DELETED 1 SIZE " +
                (Transcript.Message1.Length + Transcript.Message2.Length) + ")",
            "a OK STATUS completed",
        }));
        Assert.That(await connection.CommandAsync("b", "STATUS INBOX (BOGUS)"), Is.EqualTo(new[] { "b BAD Invalid arguments" }));
        Assert.That(await connection.CommandAsync("c", "STATUS Nope (MESSAGES)"), Is.EqualTo(new[] { "c NO [NONEXISTENT] Mailbox does not exist" }));
    }

    [Test]
    public async Task Close_expunges_silently_and_unselect_does_not()
    {
        await using var connection = new TestConnection();
        connection.Alice.Inbox.Add(Transcript.Message1, MessageFlags.Deleted);
        connection.Alice.Inbox.Add(Transcript.Message2, MessageFlags.Deleted);
        await connection.SelectInboxAsync();
        Assert.That(await connection.CommandAsync("a", "UNSELECT"), Is.EqualTo(new[] { "a OK UNSELECT completed" }));
        Assert.That(connection.Alice.Inbox.Messages, Has.Count.EqualTo(2));
        await connection.CommandAsync("b", "SELECT INBOX");
        Assert.That(await connection.CommandAsync("c", "CLOSE"), Is.EqualTo(new[] { "c OK CLOSE completed" }));
        Assert.That(connection.Alice.Inbox.Messages, Is.Empty);
        Assert.That(await connection.CommandAsync("d", "FETCH 1 FLAGS"), Is.EqualTo(new[] { "d BAD Command not valid in this state" }));
    }
}
