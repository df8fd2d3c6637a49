using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class IdleTests
{
    [Test]
    public async Task Idle_reports_other_sessions_changes_at_once_and_ends_on_done()
    {
        var store = new FakeMailStore();
        await using var idler = new TestConnection(store);
        await using var writer = new TestConnection(store);
        idler.Alice.Inbox.Add(Transcript.Message1);
        await idler.SelectInboxAsync();
        await writer.SelectInboxAsync();
        await idler.SendAsync("i IDLE\r\n");
        Assert.That(await idler.ReadLineAsync(), Is.EqualTo("+ idling"));
        Assert.That(idler.Timeout.Current, Is.EqualTo(TimeSpan.FromSeconds(1800)));

        var body = Transcript.Message2;
        await writer.CommandAsync("a", $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await idler.ReadLineAsync(), Is.EqualTo("* 2 EXISTS"));
            Assert.That(await idler.ReadLineAsync(), Is.EqualTo("* 1 RECENT"));
        }

        await writer.CommandAsync("b", "STORE 1 +FLAGS.SILENT (\\Deleted)");
        Assert.That(await idler.ReadLineAsync(), Is.EqualTo("* 1 FETCH (FLAGS (\\Deleted))"));
        await writer.CommandAsync("c", "EXPUNGE");
        Assert.That(await idler.ReadLineAsync(), Is.EqualTo("* 1 EXPUNGE"));

        await idler.SendAsync("DONE\r\n");
        Assert.That(await idler.ReadLineAsync(), Is.EqualTo("i OK IDLE terminated"));
        Assert.That(await idler.CommandAsync("n", "NOOP"), Is.EqualTo(new[] { "n OK NOOP completed" }));
    }

    [Test]
    public async Task Idle_without_done_is_bad_and_idle_in_authenticated_state_works()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        await connection.SendAsync("i IDLE\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("+ idling"));
        await connection.SendAsync("NOPE\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("i BAD Expected DONE"));
    }

    [Test]
    public async Task Timeout_during_idle_says_bye()
    {
        await using var connection = new TestConnection();
        connection.Alice.Inbox.Add(Transcript.Message1, MessageFlags.Seen);
        await connection.SelectInboxAsync();
        await connection.SendAsync("i IDLE\r\n");
        await connection.ReadLineAsync();
        connection.Timeout.Fire();
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BYE Autologout; idle for too long"));
    }
}
