using MailHost.Imap.Tests.Fakes;
using MessageFlags = MailKit.MessageFlags;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace MailHost.Imap.Tests.Session;

/// <summary>MailKit's ImapClient against the session over in-memory pipes: what a real client sends, parsed and answered as it expects.</summary>
[CancelAfter(30000)]
public sealed class MailKitClientTests
{
    private static MimeMessage Message(string subject) => new(
        [new MailboxAddress("Bob", "bob@example.org")], [new MailboxAddress("Alice", "alice@example.com")], subject, new TextPart("plain") { Text = "Body of " + subject });

    [Test]
    public async Task Full_flow_login_folders_append_search_fetch_move(CancellationToken cancellationToken)
    {
        await using var connection = new TestConnection();
        using var client = new ImapClient();
        await client.ConnectAsync(connection.ClientStream(), "mail.example.com", 143, SecureSocketOptions.None, cancellationToken);
        Assert.That(client.Capabilities.HasFlag(ImapCapabilities.IMAP4rev1 | ImapCapabilities.Idle | ImapCapabilities.UidPlus | ImapCapabilities.Move), Is.True);
        await client.AuthenticateAsync("alice@example.com", FakeAuthenticator.Password, cancellationToken);

        var personal = client.GetFolder(client.PersonalNamespaces[0]);
        var folders = await personal.GetSubfoldersAsync(false, cancellationToken);
        Assert.That(folders.Select(f => f.FullName), Is.SupersetOf(new[] { "Sent", "Trash" }));
        var trash = client.GetFolder(SpecialFolder.Trash);
        Assert.That(trash?.FullName, Is.EqualTo("Trash"));

        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var first = await inbox.AppendAsync(Message("First"), MessageFlags.Seen, cancellationToken);
        var second = await inbox.AppendAsync(Message("Second"), MessageFlags.None, cancellationToken);
        Assert.That(first?.Id, Is.EqualTo(1u));
        Assert.That(second?.Id, Is.EqualTo(2u));
        await inbox.CheckAsync(cancellationToken);
        Assert.That(inbox.Count, Is.EqualTo(2));

        var unseen = await inbox.SearchAsync(SearchQuery.NotSeen, cancellationToken);
        Assert.That(unseen.Select(u => u.Id), Is.EqualTo(new[] { 2u }));

        var summaries = await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Size | MessageSummaryItems.InternalDate, cancellationToken);
        Assert.That(summaries.Select(s => s.Flags & ~MessageFlags.Recent), Is.EqualTo(new MessageFlags?[] { MessageFlags.Seen, MessageFlags.None }));

        var fetched = await inbox.GetMessageAsync(second!.Value, cancellationToken);
        Assert.That(fetched.Subject, Is.EqualTo("Second"));

        await inbox.AddFlagsAsync(first!.Value, MessageFlags.Flagged, true, cancellationToken);
        var moved = await inbox.MoveToAsync(first.Value, trash!, cancellationToken);
        Assert.That(moved, Is.Not.Null);
        Assert.That(inbox.Count, Is.EqualTo(1));
        Assert.That(connection.Alice.Folders["Trash"].Messages.Single().Flags, Is.EqualTo(MailHost.Store.MessageFlags.Seen | MailHost.Store.MessageFlags.Flagged));

        await client.DisconnectAsync(true, cancellationToken);
    }

    [Test]
    public async Task Idle_sees_mail_appended_by_another_session(CancellationToken cancellationToken)
    {
        var store = new FakeMailStore();
        await using var idling = new TestConnection(store);
        await using var other = new TestConnection(store);
        using var client = new ImapClient();
        await client.ConnectAsync(idling.ClientStream(), "mail.example.com", 143, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync("alice@example.com", FakeAuthenticator.Password, cancellationToken);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);

        var arrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Inbox.CountChanged += (_, _) => arrived.TrySetResult(client.Inbox.Count);
        using var done = new CancellationTokenSource();
        var idle = client.IdleAsync(done.Token, cancellationToken);

        await other.LoginAsync();
        var body = Transcript.Message2;
        await other.CommandAsync("a", $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
        Assert.That(await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken), Is.EqualTo(1));
        await done.CancelAsync();
        await idle;
        await client.DisconnectAsync(true, cancellationToken);
    }
}
