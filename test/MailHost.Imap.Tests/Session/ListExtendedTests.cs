using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

/// <summary>
/// LIST and LSUB over the real Maildir store (implied parents and subscriptions of deleted mailboxes need the real listing):
/// RFC 5258 selection and return options, \NonExistent, RECURSIVEMATCH with CHILDINFO, RFC 3501's LSUB \Noselect parents.
/// </summary>
[CancelAfter(30000)]
public sealed class ListExtendedTests
{
    private MaildirStoreFixture _maildir = null!;

    [SetUp]
    public void SetUp() => _maildir = new MaildirStoreFixture();

    [TearDown]
    public async Task TearDown() => await _maildir.DisposeAsync();

    /// <summary>
    /// The hierarchy of RFC 5258's examples, on top of the default folders (all subscribed):
    /// Fruit (implied parent), Fruit/Banana (subscribed), Fruit/Peach (subscribed, then deleted), Vegetable, Vegetable/Broccoli
    /// (subscribed), and Moo/Baz (subscribed, never created).
    /// </summary>
    private async Task<TestConnection> ConnectWithHierarchyAsync()
    {
        var connection = new TestConnection(backingStore: _maildir.Store);
        await connection.LoginAsync();
        foreach (var command in new[]
        {
            "CREATE Fruit/Banana", "CREATE Fruit/Peach", "CREATE Vegetable", "CREATE Vegetable/Broccoli",
            "SUBSCRIBE Fruit/Banana", "SUBSCRIBE Fruit/Peach", "SUBSCRIBE Vegetable/Broccoli", "SUBSCRIBE Moo/Baz", "DELETE Fruit/Peach",
        })
        {
            var reply = await connection.CommandAsync("p", command);
            Assert.That(reply, Is.EqualTo(new[] { "p OK " + command.Split(' ')[0] + " completed" }), command);
        }

        return connection;
    }

    private static readonly string[] DefaultFolders =
    [
        "* LIST (\\HasNoChildren \\Subscribed) \"/\" INBOX",
        "* LIST (\\HasNoChildren \\Subscribed \\Archive) \"/\" Archive",
        "* LIST (\\HasNoChildren \\Subscribed \\Drafts) \"/\" Drafts",
    ];

    [Test]
    public async Task Plain_list_shows_implied_parents_as_noselect_and_never_a_name_that_is_only_subscribed()
    {
        await using var connection = await ConnectWithHierarchyAsync();
        Assert.That(await connection.CommandAsync("a", "LIST \"\" *"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren) \"/\" INBOX",
            "* LIST (\\HasNoChildren \\Archive) \"/\" Archive",
            "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts",
            "* LIST (\\Noselect \\HasChildren) \"/\" Fruit",
            "* LIST (\\HasNoChildren) \"/\" Fruit/Banana",
            "* LIST (\\HasNoChildren \\Junk) \"/\" Junk",
            "* LIST (\\HasNoChildren \\Sent) \"/\" Sent",
            "* LIST (\\HasNoChildren \\Trash) \"/\" Trash",
            "* LIST (\\HasChildren) \"/\" Vegetable",
            "* LIST (\\HasNoChildren) \"/\" Vegetable/Broccoli",
            "a OK LIST completed",
        }));
        Assert.That(await connection.CommandAsync("b", "LIST \"\" Fruit/* RETURN (SUBSCRIBED CHILDREN)"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren \\Subscribed) \"/\" Fruit/Banana",
            "b OK LIST completed",
        }));
        Assert.That(await connection.CommandAsync("c", "LIST \"\" (INBOX inbox %nbox)"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren) \"/\" INBOX",
            "c OK LIST completed",
        }), "a mailbox matching several patterns is listed once");
    }

    [Test]
    public async Task List_subscribed_marks_deleted_and_never_created_subscriptions_nonexistent()
    {
        await using var connection = await ConnectWithHierarchyAsync();
        Assert.That(await connection.CommandAsync("a", "LIST (SUBSCRIBED) \"\" *"), Is.EqualTo(DefaultFolders.Concat(new[]
        {
            "* LIST (\\HasNoChildren \\Subscribed) \"/\" Fruit/Banana",
            "* LIST (\\NonExistent \\HasNoChildren \\Subscribed) \"/\" Fruit/Peach",
            "* LIST (\\HasNoChildren \\Subscribed \\Junk) \"/\" Junk",
            "* LIST (\\NonExistent \\HasNoChildren \\Subscribed) \"/\" Moo/Baz",
            "* LIST (\\HasNoChildren \\Subscribed \\Sent) \"/\" Sent",
            "* LIST (\\HasNoChildren \\Subscribed \\Trash) \"/\" Trash",
            "* LIST (\\HasNoChildren \\Subscribed) \"/\" Vegetable/Broccoli",
            "a OK LIST completed",
        })));

        // LIST-STATUS: a mailbox that does not exist has no status to report (RFC 5819).
        Assert.That(await connection.CommandAsync("b", "LIST (SUBSCRIBED) \"\" Fruit/% RETURN (STATUS (MESSAGES))"), Is.EqualTo(new[]
        {
            "* LIST (\\HasNoChildren \\Subscribed) \"/\" Fruit/Banana",
            "* STATUS Fruit/Banana (MESSAGES 0)",
            "* LIST (\\NonExistent \\HasNoChildren \\Subscribed) \"/\" Fruit/Peach",
            "b OK LIST completed",
        }));

        // The same under IMAP4rev2, where \NonExistent and \Noselect are both mbx-list-sflag: never together.
        Assert.That(await connection.CommandAsync("e", "ENABLE IMAP4rev2"), Is.EqualTo(new[] { "* ENABLED IMAP4rev2", "e OK ENABLE completed" }));
        Assert.That(await connection.CommandAsync("c", "LIST (SUBSCRIBED) \"\" (Moo/* Fruit)"), Is.EqualTo(new[]
        {
            "* LIST (\\NonExistent \\HasNoChildren \\Subscribed) \"/\" Moo/Baz",
            "c OK LIST completed",
        }));
        Assert.That(await connection.CommandAsync("d", "SELECT Fruit/Peach"), Is.EqualTo(new[] { "d NO [NONEXISTENT] Mailbox does not exist" }));
    }

    [Test]
    public async Task Recursivematch_returns_parents_of_subscribed_children_with_childinfo()
    {
        await using var connection = await ConnectWithHierarchyAsync();
        Assert.That(await connection.CommandAsync("a", "LIST (SUBSCRIBED RECURSIVEMATCH) \"\" % RETURN (CHILDREN)"), Is.EqualTo(DefaultFolders.Concat(new[]
        {
            "* LIST (\\Noselect \\HasChildren) \"/\" Fruit (\"CHILDINFO\" (\"SUBSCRIBED\"))",
            "* LIST (\\HasNoChildren \\Subscribed \\Junk) \"/\" Junk",
            "* LIST (\\NonExistent \\HasNoChildren) \"/\" Moo (\"CHILDINFO\" (\"SUBSCRIBED\"))",
            "* LIST (\\HasNoChildren \\Subscribed \\Sent) \"/\" Sent",
            "* LIST (\\HasNoChildren \\Subscribed \\Trash) \"/\" Trash",
            "* LIST (\\HasChildren) \"/\" Vegetable (\"CHILDINFO\" (\"SUBSCRIBED\"))",
            "a OK LIST completed",
        })));

        // A parent that is itself subscribed carries both its own \Subscribed and the CHILDINFO; only it gets a STATUS.
        Assert.That(await connection.CommandAsync("b", "SUBSCRIBE Vegetable"), Is.EqualTo(new[] { "b OK SUBSCRIBE completed" }));
        Assert.That(await connection.CommandAsync("c", "LIST (RECURSIVEMATCH SUBSCRIBED) \"\" (Veg% Fru%) RETURN (STATUS (MESSAGES))"), Is.EqualTo(new[]
        {
            "* LIST (\\Noselect \\HasChildren) \"/\" Fruit (\"CHILDINFO\" (\"SUBSCRIBED\"))",
            "* LIST (\\HasChildren \\Subscribed) \"/\" Vegetable (\"CHILDINFO\" (\"SUBSCRIBED\"))",
            "* STATUS Vegetable (MESSAGES 0)",
            "c OK LIST completed",
        }));

        // With "*" every subscribed descendant is listed itself, so no parent is returned just for it (RFC 5258 §3.5).
        Assert.That(await connection.CommandAsync("d", "LIST (SUBSCRIBED RECURSIVEMATCH) \"\" Vegetable*"), Is.EqualTo(new[]
        {
            "* LIST (\\HasChildren \\Subscribed) \"/\" Vegetable",
            "* LIST (\\HasNoChildren \\Subscribed) \"/\" Vegetable/Broccoli",
            "d OK LIST completed",
        }));
    }

    [TestCase("LIST (RECURSIVEMATCH) \"\" *")]
    [TestCase("LIST (REMOTE RECURSIVEMATCH) \"\" %")]
    [TestCase("LIST (SPECIAL-USE RECURSIVEMATCH) \"\" *")]
    public async Task Recursivematch_without_a_base_selection_option_is_bad(string command)
    {
        await using var connection = await ConnectWithHierarchyAsync();
        Assert.That(await connection.CommandAsync("a", command), Is.EqualTo(new[] { "a BAD RECURSIVEMATCH needs the SUBSCRIBED selection option" }));
        Assert.That(await connection.CommandAsync("b", "LIST (REMOTE) \"\" Vegetable"), Is.EqualTo(new[]
        {
            "* LIST (\\HasChildren) \"/\" Vegetable",
            "b OK LIST completed",
        }), "REMOTE alone is valid and lists local mailboxes");
    }

    [Test]
    public async Task Lsub_flags_a_parent_returned_only_for_its_subscribed_child_noselect()
    {
        await using var connection = await ConnectWithHierarchyAsync();
        Assert.That(await connection.CommandAsync("a", "LSUB \"\" %"), Is.EqualTo(new[]
        {
            "* LSUB () \"/\" INBOX",
            "* LSUB (\\Archive) \"/\" Archive",
            "* LSUB (\\Drafts) \"/\" Drafts",
            "* LSUB (\\Noselect) \"/\" Fruit",
            "* LSUB (\\Junk) \"/\" Junk",
            "* LSUB (\\Noselect) \"/\" Moo",
            "* LSUB (\\Sent) \"/\" Sent",
            "* LSUB (\\Trash) \"/\" Trash",
            "* LSUB (\\Noselect) \"/\" Vegetable",
            "a OK LSUB completed",
        }));

        // "Vegetable" exists and is selectable, yet LSUB "%" flags it \Noselect while unsubscribed (RFC 3501 §6.3.9); subscribed, it is plain.
        Assert.That(await connection.CommandAsync("b", "SUBSCRIBE Vegetable"), Is.EqualTo(new[] { "b OK SUBSCRIBE completed" }));
        Assert.That(await connection.CommandAsync("c", "LSUB \"\" Veg%"), Is.EqualTo(new[] { "* LSUB () \"/\" Vegetable", "c OK LSUB completed" }));

        // Subscriptions outlive their mailbox: LSUB "*" lists the deleted Fruit/Peach and the never created Moo/Baz.
        Assert.That(await connection.CommandAsync("d", "LSUB \"\" *"), Is.EqualTo(new[]
        {
            "* LSUB () \"/\" INBOX",
            "* LSUB (\\Archive) \"/\" Archive",
            "* LSUB (\\Drafts) \"/\" Drafts",
            "* LSUB () \"/\" Fruit/Banana",
            "* LSUB (\\Noselect) \"/\" Fruit/Peach",
            "* LSUB (\\Junk) \"/\" Junk",
            "* LSUB (\\Noselect) \"/\" Moo/Baz",
            "* LSUB (\\Sent) \"/\" Sent",
            "* LSUB (\\Trash) \"/\" Trash",
            "* LSUB () \"/\" Vegetable",
            "* LSUB () \"/\" Vegetable/Broccoli",
            "d OK LSUB completed",
        }));
        Assert.That(await connection.CommandAsync("e", "UNSUBSCRIBE Moo/Baz"), Is.EqualTo(new[] { "e OK UNSUBSCRIBE completed" }));
        Assert.That(await connection.CommandAsync("f", "LSUB \"\" M%"), Is.EqualTo(new[] { "f OK LSUB completed" }));
    }

    [Test]
    public async Task Delete_of_an_implied_parent_is_refused_with_haschildren()
    {
        await using var connection = await ConnectWithHierarchyAsync();
        Assert.That(await connection.CommandAsync("a", "DELETE Fruit"), Is.EqualTo(new[] { "a NO [HASCHILDREN] Not a mailbox, only the parent of others" }));
        Assert.That(await connection.CommandAsync("b", "DELETE Moo"), Is.EqualTo(new[] { "b NO [NONEXISTENT] Mailbox does not exist" }));
        Assert.That(await connection.CommandAsync("c", "DELETE Moo/Baz"), Is.EqualTo(new[] { "c NO [NONEXISTENT] Mailbox does not exist" }), "only subscribed");
        Assert.That(await connection.CommandAsync("d", "DELETE Vegetable"), Is.EqualTo(new[] { "d OK DELETE completed" }), "a real mailbox with children may go");
        Assert.That(await connection.CommandAsync("e", "LIST \"\" Veg*"), Is.EqualTo(new[]
        {
            "* LIST (\\Noselect \\HasChildren) \"/\" Vegetable",
            "* LIST (\\HasNoChildren) \"/\" Vegetable/Broccoli",
            "e OK LIST completed",
        }));
    }

    [Test]
    public async Task Inbox_can_have_children_so_it_is_never_noinferiors()
    {
        await using var connection = new TestConnection(backingStore: _maildir.Store);
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "LIST \"\" INBOX*"), Is.EqualTo(new[] { "* LIST (\\HasNoChildren) \"/\" INBOX", "a OK LIST completed" }));
        Assert.That(await connection.CommandAsync("b", "CREATE INBOX/Receipts"), Is.EqualTo(new[] { "b OK CREATE completed" }));
        Assert.That(await connection.CommandAsync("c", "LIST \"\" inbox*"), Is.EqualTo(new[]
        {
            "* LIST (\\HasChildren) \"/\" INBOX",
            "* LIST (\\HasNoChildren) \"/\" INBOX/Receipts",
            "c OK LIST completed",
        }));
    }
}
