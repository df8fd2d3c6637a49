using MailHost.Imap.Messages;

namespace MailHost.Imap.Tests.Messages;

[TestFixture]
public sealed class ImapMessageCacheTests
{
    [Test]
    public async Task Loads_once_then_serves_from_the_cache()
    {
        var cache = new ImapMessageCache(new ImapMessageCacheOptions());
        var opened = 0;
        var key = new ImapMessageKey("INBOX", 7, 1);

        var first = await cache.GetOrLoadAsync(key, Open, CancellationToken.None);
        var second = await cache.GetOrLoadAsync(key, Open, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(opened, Is.EqualTo(1));
            Assert.That(second, Is.SameAs(first));
            Assert.That(cache.RetainedBytes, Is.EqualTo(first.RetainedBytes));
        }

        ValueTask<Stream> Open(CancellationToken cancellationToken)
        {
            opened++;
            return ValueTask.FromResult<Stream>(FixtureLoader.Open(nameof(MessageFixtures.SimpleText)));
        }
    }

    [Test]
    public async Task Evicts_the_least_recently_used_entry_over_the_entry_limit()
    {
        var cache = new ImapMessageCache(new ImapMessageCacheOptions { MaxEntries = 2 });
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.SimpleText));
        cache.Set(new ImapMessageKey("INBOX", 1, 1), message);
        cache.Set(new ImapMessageKey("INBOX", 1, 2), message);
        Assert.That(cache.TryGet(new ImapMessageKey("INBOX", 1, 1), out _), Is.True); // 1 is now the most recent

        cache.Set(new ImapMessageKey("INBOX", 1, 3), message);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cache.Count, Is.EqualTo(2));
            Assert.That(cache.TryGet(new ImapMessageKey("INBOX", 1, 2), out _), Is.False);
            Assert.That(cache.TryGet(new ImapMessageKey("INBOX", 1, 1), out _), Is.True);
            Assert.That(cache.TryGet(new ImapMessageKey("INBOX", 1, 3), out _), Is.True);
        }
    }

    [Test]
    public async Task Respects_the_byte_budget_and_folder_removal()
    {
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.ThirtyParts));
        var cache = new ImapMessageCache(new ImapMessageCacheOptions { MaxBytes = (message.RetainedBytes * 2) + 1 });
        for (uint uid = 1; uid <= 5; uid++)
        {
            cache.Set(new ImapMessageKey("INBOX", 1, uid), message);
        }

        cache.Set(new ImapMessageKey("Sent", 1, 1), message);
        var afterBudget = cache.Count;
        cache.RemoveMailbox("INBOX");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterBudget, Is.EqualTo(2));
            Assert.That(cache.Count, Is.EqualTo(1));
            Assert.That(cache.TryGet(new ImapMessageKey("Sent", 1, 1), out _), Is.True);
            Assert.That(cache.RetainedBytes, Is.EqualTo(message.RetainedBytes));
        }
    }
}
