using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Internal;

/// <summary>
/// An EXPUNGE must not cost the folder size: it neither lists cur/ nor rewrites dovecot-uidlist, until records of gone files
/// make up a quarter of the list (at least 64), when one rewrite drops them all (Dovecot's compaction rule).
/// </summary>
public sealed class ExpungeCostTests
{
    private const int Messages = 80;
    private const int Lazy = 64;

    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create();

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task Expunged_messages_leave_no_cached_internal_date_behind(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 3, "m");

        var inbox = harness.UserRoot("example.org", "alice");
        var shared = harness.Context.SharedFor(inbox);
        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        await session.StoreFlagsAsync([2], FlagChangeMode.Add, MessageFlags.Deleted, [], null, cancellationToken);
        await session.ExpungeAsync([2], cancellationToken);
        var list = UidList.Parse(await File.ReadAllTextAsync(Path.Combine(inbox, UidList.FileName), cancellationToken))!;
        var kept = list.Records.Where(r => r.Uid != 2).Select(r => r.BaseName);
        Assert.That(shared.InternalDates.Keys, Is.EquivalentTo(kept));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Expunges_leave_records_until_the_stale_limit_then_one_rewrite_drops_them(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", Messages, "m");

        var inbox = harness.UserRoot("example.org", "alice");
        var uidListPath = Path.Combine(inbox, UidList.FileName);
        var shared = harness.Context.SharedFor(inbox);
        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        var listings = shared.CurListings;
        for (uint uid = 1; uid <= Lazy; uid++)
        {
            await session.StoreFlagsAsync([uid], FlagChangeMode.Add, MessageFlags.Deleted, [], null, cancellationToken);
            Assert.That((await session.ExpungeAsync([uid], cancellationToken)).ExpungedUids, Is.EqualTo(new[] { uid }));
        }

        var lazy = UidList.Parse(await File.ReadAllTextAsync(uidListPath, cancellationToken))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shared.CurListings, Is.EqualTo(listings), "an expunge listed cur/");
            Assert.That(lazy.Records, Has.Count.EqualTo(Messages), "an expunge rewrote dovecot-uidlist");
            Assert.That(session.Messages.Select(m => m.Uid), Is.EqualTo(Enumerable.Range(Lazy + 1, Messages - Lazy).Select(u => (uint)u)));
        }

        await session.StoreFlagsAsync([Lazy + 1], FlagChangeMode.Add, MessageFlags.Deleted, [], null, cancellationToken);
        Assert.That((await session.ExpungeAsync([Lazy + 1], cancellationToken)).ExpungedUids, Is.EqualTo(new uint[] { Lazy + 1 }));
        var compacted = UidList.Parse(await File.ReadAllTextAsync(uidListPath, cancellationToken))!;
        await using var fresh = (await account.OpenMailboxAsync("INBOX", true, cancellationToken)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(compacted.Records.Select(r => r.Uid), Is.EqualTo(Enumerable.Range(Lazy + 2, Messages - Lazy - 1).Select(u => (uint)u)));
            Assert.That(compacted.NextUid, Is.EqualTo((uint)Messages + 1));
            Assert.That(fresh.Messages.Select(m => m.Uid), Is.EqualTo(compacted.Records.Select(r => r.Uid)));
            Assert.That(fresh.UidNext, Is.EqualTo((uint)Messages + 1));
        }
    }
}
