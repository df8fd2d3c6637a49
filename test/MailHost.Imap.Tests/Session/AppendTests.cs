using System.Text;
using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class AppendTests
{
    [Test]
    public async Task Append_with_flags_and_date_answers_appenduid()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        var body = Transcript.Message1;
        await connection.SendAsync($"a APPEND INBOX (\\Seen $Work) \" 5-Mar-2024 10:20:30 +0100\" {{{body.Length}}}\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("+ Ready for literal data"));
        await connection.SendAsync(body[..10]);
        await connection.SendAsync(body[10..] + "\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a OK [APPENDUID 1700000000 1] APPEND completed"));
        var stored = connection.Alice.Inbox.Messages.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetString(stored.Content), Is.EqualTo(body));
            Assert.That(stored.Flags & MessageFlags.Seen, Is.EqualTo(MessageFlags.Seen));
            Assert.That(stored.Keywords, Is.EqualTo(new[] { "$Work" }));
            Assert.That(stored.InternalDate, Is.EqualTo(new DateTimeOffset(2024, 3, 5, 10, 20, 30, TimeSpan.FromHours(1))));
        }
    }

    [Test]
    public async Task Multiappend_with_literal_plus_commits_all()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        var one = Transcript.Message1;
        var two = Transcript.Message2;
        await connection.SendAsync($"a APPEND Sent {{{one.Length}+}}\r\n{one} (\\Draft) {{{two.Length}+}}\r\n{two}\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a OK [APPENDUID 1700000000 1:2] APPEND completed"));
        Assert.That(connection.Alice.Folders["Sent"].Messages.Select(m => Encoding.UTF8.GetString(m.Content)), Is.EqualTo(new[] { one, two }));
    }

    [Test]
    public async Task Append_to_selected_mailbox_reports_exists()
    {
        await using var connection = new TestConnection();
        await connection.SelectInboxAsync();
        var body = Transcript.Message2;
        var reply = await connection.CommandAsync("a", $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
        Assert.That(reply, Is.EqualTo(new[] { "* 1 EXISTS", "* 1 RECENT", "a OK [APPENDUID 1700000000 1] APPEND completed" }));
    }

    [Test]
    public async Task Append_to_missing_mailbox_says_trycreate_before_continuation()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "APPEND Nope {10}"), Is.EqualTo(new[] { "a NO [TRYCREATE] Mailbox does not exist" }));
        Assert.That(await connection.CommandAsync("b", "NOOP"), Is.EqualTo(new[] { "b OK NOOP completed" }));
    }

    [Test]
    public async Task Oversized_synchronising_literal_gets_toobig_without_continuation()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        Assert.That(await connection.CommandAsync("a", "APPEND INBOX {100001}"), Is.EqualTo(new[] { "a NO [TOOBIG] Message too large" }));
        Assert.That(connection.Store.DiscardedStages, Is.Zero);
    }

    [Test]
    public async Task Literal_plus_over_discard_budget_says_bye()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        await connection.SendAsync("a APPEND INBOX {4294967296+}\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("* BYE [TOOBIG] Literal too large"));
            Assert.That(await connection.ReadLineAsync(), Is.Null);
        }
    }

    [Test]
    public async Task Literal_plus_within_discard_budget_is_skipped_and_session_continues()
    {
        var options = new ImapOptions { HostName = "h", MaxLineLength = 8192, AppendLimit = 2000, MaxLiteralDiscard = 50000 };
        await using var connection = new TestConnection(options: options);
        await connection.LoginAsync();
        var junk = new string('x', 3000);
        await connection.SendAsync("a APPEND INBOX {3000+}\r\n" + junk + "\r\nb NOOP\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a NO [TOOBIG] Message too large"));
            Assert.That(await connection.ReadLineAsync(), Is.EqualTo("b OK NOOP completed"));
        }
    }

    [Test]
    public async Task Literal_plus_lying_about_its_size_then_disconnect_stores_nothing()
    {
        var connection = new TestConnection();
        await connection.LoginAsync();
        await connection.SendAsync("a APPEND INBOX {5000+}\r\nFrom: x\r\n\r\nshort");
        await connection.CloseAsync();
        await connection.DisposeAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(connection.Alice.Inbox.Messages, Is.Empty);
            Assert.That(connection.Store.DiscardedStages, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Lock_budget_exhausted_rev1_gets_ok_without_appenduid_rev2_gets_inuse()
    {
        await using var connection = new TestConnection();
        connection.Store.LockBudgetExhausted = true;
        await connection.LoginAsync();
        var body = Transcript.Message2;
        Assert.That(await connection.CommandAsync("a", $"APPEND INBOX {{{body.Length}+}}\r\n{body}"), Is.EqualTo(new[] { "a OK APPEND completed" }));
        await connection.CommandAsync("e", "ENABLE IMAP4rev2");
        Assert.That(await connection.CommandAsync("b", $"APPEND INBOX {{{body.Length}+}}\r\n{body}"),
            Is.EqualTo(new[] { "b NO [INUSE] Mailbox is locked, try again later" }));
        Assert.That(connection.Alice.Inbox.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Append_with_mailbox_literal_and_bad_arguments()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        var body = Transcript.Message2;
        await connection.SendAsync($"a APPEND {{4}}\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("+ Ready for additional command text"));
        await connection.SendAsync($"Sent {{{body.Length}}}\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("+ Ready for literal data"));
        await connection.SendAsync(body + "\r\n");
        Assert.That(await connection.ReadLineAsync(), Is.EqualTo("a OK [APPENDUID 1700000000 1] APPEND completed"));
        Assert.That(await connection.CommandAsync("b", "APPEND INBOX (\\Bogus) {5}"), Is.EqualTo(new[] { "b BAD Invalid APPEND arguments" }));
        Assert.That(await connection.CommandAsync("c", "APPEND INBOX \"99-Foo-2024 00:00:00 +0000\" {5}"), Is.EqualTo(new[] { "c BAD Invalid APPEND arguments" }));
    }

    [Test]
    public async Task Utf8_append_of_rfc6855()
    {
        await using var connection = new TestConnection();
        await connection.LoginAsync();
        await connection.CommandAsync("e", "ENABLE UTF8=ACCEPT");
        var body = "Subject: Grüße\r\n\r\nHallo\r\n";
        var length = Encoding.UTF8.GetByteCount(body);
        Assert.That(await connection.CommandAsync("a", $"APPEND INBOX UTF8 (~{{{length}+}}\r\n{body})"),
            Is.EqualTo(new[] { "a OK [APPENDUID 1700000000 1] APPEND completed" }));
        Assert.That(Encoding.UTF8.GetString(connection.Alice.Inbox.Messages.Single().Content), Is.EqualTo(body));
        Assert.That(await connection.CommandAsync("b", $"APPEND INBOX UTF8 ({{{length}+}}\r\n{body})"), Is.EqualTo(new[] { "b BAD Invalid APPEND arguments" }));
    }
}
