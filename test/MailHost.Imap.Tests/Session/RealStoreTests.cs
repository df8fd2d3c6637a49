using MailHost.Imap.Tests.Fakes;
using MailHost.Store;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;
using MessageFlags = MailKit.MessageFlags;

namespace MailHost.Imap.Tests.Session;

/// <summary>The session over the real Maildir store in a temporary directory, driven by MailKit.</summary>
[CancelAfter(60000)]
public sealed class RealStoreTests
{
    private MaildirStoreFixture _maildir = null!;

    [SetUp]
    public void SetUp() => _maildir = new MaildirStoreFixture();

    [TearDown]
    public async Task TearDown() => await _maildir.DisposeAsync();

    private MailHost.Store.IMailStore Store => _maildir.Store;

    private static MimeMessage Message(string subject) => new(
        [new MailboxAddress("Bob", "bob@example.org")], [new MailboxAddress("Alice", "alice@example.com")], subject, new TextPart("plain") { Text = "Body of " + subject });

    private async Task<ImapClient> ConnectAsync(TestConnection connection, CancellationToken cancellationToken)
    {
        var client = new ImapClient();
        await client.ConnectAsync(connection.ClientStream(), "mail.example.com", 143, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync("alice@example.com", FakeAuthenticator.Password, cancellationToken);
        return client;
    }

    [Test]
    public async Task MailKit_full_flow_on_maildir(CancellationToken cancellationToken)
    {
        await using var connection = new TestConnection(backingStore: Store);
        using var client = await ConnectAsync(connection, cancellationToken);
        var sent = client.GetFolder(SpecialFolder.Sent);
        var trash = client.GetFolder(SpecialFolder.Trash);
        Assert.That(sent?.FullName, Is.EqualTo("Sent"));

        var projects = await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync("Projects", true, cancellationToken);
        Assert.That(projects?.FullName, Is.EqualTo("Projects"));

        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var first = await inbox.AppendAsync(Message("First"), MessageFlags.Seen, cancellationToken);
        var second = await inbox.AppendAsync(Message("Second"), MessageFlags.None, cancellationToken);
        Assert.That(first, Is.Not.Null);
        Assert.That(second!.Value.Id, Is.GreaterThan(first!.Value.Id));
        await inbox.CheckAsync(cancellationToken);
        Assert.That(inbox.Count, Is.EqualTo(2));

        var found = await inbox.SearchAsync(SearchQuery.SubjectContains("second").And(SearchQuery.NotSeen), cancellationToken);
        Assert.That(found, Is.EqualTo(new[] { second.Value }));

        var summaries = await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope | MessageSummaryItems.BodyStructure, cancellationToken);
        Assert.That(summaries.Select(s => s.Envelope?.Subject), Is.EqualTo(new[] { "First", "Second" }));
        Assert.That(summaries[1].TextBody?.ContentType.MimeType, Is.EqualTo("text/plain"));

        var text = (TextPart)await inbox.GetBodyPartAsync(second.Value, summaries[1].TextBody, cancellationToken);
        Assert.That(text.Text, Does.StartWith("Body of Second"));

        var moved = await inbox.MoveToAsync(first.Value, projects!, cancellationToken);
        Assert.That(moved, Is.Not.Null);
        Assert.That(inbox.Count, Is.EqualTo(1));
        await projects!.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        Assert.That(projects.Count, Is.EqualTo(1));
        var movedMessage = await projects.GetMessageAsync(0, cancellationToken);
        Assert.That(movedMessage.Subject, Is.EqualTo("First"));

        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        await inbox.AddFlagsAsync(0, MessageFlags.Deleted, true, cancellationToken);
        await inbox.ExpungeAsync(cancellationToken);
        Assert.That(inbox.Count, Is.Zero);
        Assert.That(trash, Is.Not.Null);
        await client.DisconnectAsync(true, cancellationToken);
    }

    [Test]
    public async Task Idle_on_maildir_sees_another_sessions_append(CancellationToken cancellationToken)
    {
        await using var idling = new TestConnection(backingStore: Store);
        await using var other = new TestConnection(backingStore: Store);
        using var client = await ConnectAsync(idling, cancellationToken);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var arrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Inbox.CountChanged += (_, _) => arrived.TrySetResult(client.Inbox.Count);
        using var done = new CancellationTokenSource();
        var idle = client.IdleAsync(done.Token, cancellationToken);

        await other.LoginAsync();
        var body = Transcript.Message2;
        var reply = await other.CommandAsync("a", $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
        Assert.That(reply[^1], Does.StartWith("a OK [APPENDUID "));
        Assert.That(await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken), Is.EqualTo(1));
        await done.CancelAsync();
        await idle;
    }

    [Test]
    public async Task Raw_transcript_on_maildir(CancellationToken cancellationToken)
    {
        await using var connection = new TestConnection(backingStore: Store);
        await connection.LoginAsync();
        var list = await connection.CommandAsync("a", "LIST \"\" *");
        Assert.That(list[^1], Is.EqualTo("a OK LIST completed"));
        Assert.That(list, Does.Contain("* LIST (\\HasNoChildren \\Sent) \"/\" Sent"));
        Assert.That(await connection.CommandAsync("b", "CREATE ../escape"), Is.EqualTo(new[] { "b NO [CANNOT] Invalid mailbox name" }));
        Assert.That(await connection.CommandAsync("c", "SELECT Nope"), Is.EqualTo(new[] { "c NO [NONEXISTENT] Mailbox does not exist" }));
        var body = Transcript.Message1;
        var append = await connection.CommandAsync("d", $"APPEND INBOX (\\Flagged) {{{body.Length}+}}\r\n{body}");
        Assert.That(append[^1], Does.Match(@"^d OK \[APPENDUID \d+ 1\] APPEND completed$"));
        var select = await connection.CommandAsync("e", "SELECT INBOX");
        Assert.That(select, Does.Contain("* 1 EXISTS"));
        Assert.That(await connection.CommandAsync("f", "UID SEARCH FLAGGED"), Is.EqualTo(new[] { "* SEARCH 1", "f OK UID SEARCH completed" }));
        Assert.That(await connection.CommandAsync("g", "FETCH 1 (FLAGS RFC822.SIZE)"), Is.EqualTo(new[]
        {
            $"* 1 FETCH (FLAGS (\\Flagged \\Recent) RFC822.SIZE {body.Length})".Replace(" \\Recent", select.Contains("* 1 RECENT") ? " \\Recent" : "", StringComparison.Ordinal),
            "g OK FETCH completed",
        }));
    }
}
