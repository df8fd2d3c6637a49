using MailHost.Imap.Messages;
using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

/// <summary>
/// EXPUNGE numbering against "what the client was told", which the selected mailbox keeps as a reference to the store's
/// (shared) snapshot plus the UIDs reported since, over the real Maildir store.
/// </summary>
[CancelAfter(60000)]
public sealed class SelectedMailboxTests
{
    private MaildirStoreFixture _maildir = null!;

    [SetUp]
    public void SetUp() => _maildir = new MaildirStoreFixture();

    [TearDown]
    public async Task TearDown() => await _maildir.DisposeAsync();

    [Test]
    public async Task Expunges_hidden_during_fetch_are_numbered_against_what_the_client_was_told(CancellationToken cancellationToken)
    {
        var store = _maildir.Store;
        await using var writer = new TestConnection(backingStore: store);
        await using var reader = new TestConnection(backingStore: store);
        await writer.SelectInboxAsync();
        var body = Transcript.Message2;
        for (var i = 0; i < 5; i++)
        {
            await writer.CommandAsync("a" + i, $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
        }

        await reader.SelectInboxAsync();
        await writer.CommandAsync("n", "NOOP");
        await writer.CommandAsync("d", "STORE 2,4 +FLAGS.SILENT (\\Deleted)");
        var expunge = await writer.CommandAsync("x", "EXPUNGE");
        await writer.CommandAsync("w", $"APPEND INBOX {{{body.Length}+}}\r\n{body}");

        // No EXPUNGE during FETCH (RFC 3501 §7.4.1): the reader still numbers 1..5 as it was told, and learns of message 6 after.
        var fetch = await reader.CommandAsync("f", "FETCH 1:* (UID FLAGS)");
        var noop = await reader.CommandAsync("n", "NOOP");
        var after = await reader.CommandAsync("g", "FETCH 1:* UID");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(expunge, Is.EqualTo(new[] { "* 2 EXPUNGE", "* 3 EXPUNGE", "x OK EXPUNGE completed" }));
            Assert.That(fetch.Where(l => l.StartsWith("* ", StringComparison.Ordinal) && l.Contains(" FETCH ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(" FETCH", StringComparison.Ordinal)]),
                Is.EqualTo(new[] { "* 1", "* 2", "* 3", "* 4", "* 5" }));
            Assert.That(fetch, Has.None.Contains("EXPUNGE"));
            Assert.That(fetch, Does.Contain("* 6 EXISTS"));
            Assert.That(noop, Is.EqualTo(new[] { "* 2 EXPUNGE", "* 3 EXPUNGE", "n OK NOOP completed" }));
            Assert.That(after, Is.EqualTo(new[] { "* 1 FETCH (UID 1)", "* 2 FETCH (UID 3)", "* 3 FETCH (UID 5)", "* 4 FETCH (UID 6)", "g OK FETCH completed" }));
        }
    }

    [Test]
    public async Task Own_expunge_and_move_number_each_message_once(CancellationToken cancellationToken)
    {
        var store = _maildir.Store;
        await using var client = new TestConnection(backingStore: store);
        await using var other = new TestConnection(backingStore: store);
        await client.SelectInboxAsync();
        await other.SelectInboxAsync();
        var body = Transcript.Message2;
        for (var i = 0; i < 6; i++)
        {
            await client.CommandAsync("a" + i, $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
        }

        await client.CommandAsync("n", "NOOP");
        await client.CommandAsync("c", "CREATE Archive");
        var move = await client.CommandAsync("m", "UID MOVE 2,5 Archive");
        await client.CommandAsync("d", "STORE 1,4 +FLAGS.SILENT (\\Deleted)");
        var expunge = await client.CommandAsync("x", "UID EXPUNGE 3:6");
        var all = await client.CommandAsync("y", "EXPUNGE");
        var seenByOther = await other.CommandAsync("o", "NOOP");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(move.Where(l => l.EndsWith(" EXPUNGE", StringComparison.Ordinal)), Is.EqualTo(new[] { "* 2 EXPUNGE", "* 4 EXPUNGE" }));
            Assert.That(expunge, Is.EqualTo(new[] { "* 4 EXPUNGE", "x OK UID EXPUNGE completed" }), "UIDs 1, 3, 4, 6 are left: 6 is at 4");
            Assert.That(all, Is.EqualTo(new[] { "* 1 EXPUNGE", "y OK EXPUNGE completed" }));
            Assert.That(seenByOther.Where(l => l.EndsWith(" EXISTS", StringComparison.Ordinal) || l.EndsWith(" EXPUNGE", StringComparison.Ordinal)),
                Is.EqualTo(new[] { "* 2 EXISTS" }), "the other session had been told of no message yet");
        }
    }

    [Test]
    public async Task An_expunge_drops_the_parsed_message_from_the_process_wide_cache_once_reported(CancellationToken cancellationToken)
    {
        var store = _maildir.Store;
        var cache = new ImapMessageCache(new ImapMessageCacheOptions { MaxEntries = 1000 });
        await using var client = new TestConnection(backingStore: store, messageCache: cache);
        await using var other = new TestConnection(backingStore: store, messageCache: cache);
        await client.SelectInboxAsync();
        var body = Transcript.Message2;
        for (var i = 0; i < 3; i++)
        {
            await client.CommandAsync("a" + i, $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
        }

        await client.CommandAsync("f", "FETCH 1:* (ENVELOPE BODYSTRUCTURE)");
        await other.SelectInboxAsync();
        var cachedBefore = cache.Count;
        await client.CommandAsync("d", "STORE 2 +FLAGS.SILENT (\\Deleted)");
        var expunge = await client.CommandAsync("x", "EXPUNGE");
        var otherNoop = await other.CommandAsync("n", "NOOP");
        var otherFetch = await other.CommandAsync("g", "FETCH 1:* BODY.PEEK[HEADER.FIELDS (SUBJECT)]");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cachedBefore, Is.EqualTo(3));
            Assert.That(expunge, Is.EqualTo(new[] { "* 2 EXPUNGE", "x OK EXPUNGE completed" }));
            Assert.That(otherNoop, Does.Contain("* 2 EXPUNGE"));
            Assert.That(otherFetch, Has.Exactly(2).Contains(" FETCH (BODY[HEADER.FIELDS (SUBJECT)]"));
            Assert.That(cache.Count, Is.EqualTo(2), "the expunged message's parse left the cache; the two others stayed");
        }
    }
}
