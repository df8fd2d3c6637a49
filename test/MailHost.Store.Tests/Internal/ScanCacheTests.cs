namespace MailHost.Store.Tests.Internal;

/// <summary>
/// A session's own APPEND, STORE and EXPUNGE update the folder's cached scan instead of making the next refresh list the
/// folder, and the updated scan equals what a listing finds.
/// </summary>
public sealed class ScanCacheTests
{
    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create();

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task Own_append_and_expunge_are_seen_without_listing_the_folder(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 5, "m");

        var shared = harness.Context.SharedFor(harness.UserRoot("example.org", "alice"));
        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        var listings = shared.ScanListings;

        var appended = await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("new"), MessageFlags.Seen, ["Later"]);
        var afterAppend = await session.RefreshAsync(true, cancellationToken);
        var listingsAfterAppend = shared.ScanListings;

        await session.StoreFlagsAsync([2], FlagChangeMode.Add, MessageFlags.Deleted, [], null, cancellationToken);
        await session.StoreFlagsAsync([3], FlagChangeMode.Add, MessageFlags.Flagged, ["Later"], null, cancellationToken);
        var afterStore = await session.RefreshAsync(true, cancellationToken);
        var listingsBeforeExpunge = shared.ScanListings;
        var expunged = await session.ExpungeAsync([2], cancellationToken);
        var afterExpunge = await session.RefreshAsync(true, cancellationToken);
        var listingsAfterExpunge = shared.ScanListings;

        // What a listing finds: the folder as a new reader sees it once the cache is dropped.
        shared.LastResult = null;
        await using var fresh = (await account.OpenMailboxAsync("INBOX", true, cancellationToken)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(listingsAfterAppend, Is.EqualTo(listings), "APPEND or the refresh after it listed the folder");
            Assert.That(listingsBeforeExpunge, Is.EqualTo(listingsAfterAppend), "STORE or the refresh after it listed the folder");
            Assert.That(afterStore.FlagChangedUids, Is.Empty, "the session's own flag changes are not reported back to it");
            Assert.That(listingsAfterExpunge, Is.EqualTo(listingsBeforeExpunge), "the refresh after EXPUNGE listed the folder");
            Assert.That(afterAppend.NewMessages, Is.EqualTo(1));
            Assert.That(expunged.ExpungedUids, Is.EqualTo(new uint[] { 2 }));
            Assert.That(afterExpunge.ExpungedUids, Is.Empty, "the session already removed its own expunge");
            Assert.That(session.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1, 3, 4, 5, appended.Uids[0] }));
            Assert.That(fresh.Messages.Select(Describe), Is.EqualTo(session.Messages.Select(Describe)));
            Assert.That(fresh.UidNext, Is.EqualTo(session.UidNext));
            Assert.That(fresh.HighestModSeq, Is.EqualTo(session.HighestModSeq));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task The_refresh_after_an_own_store_or_expunge_starts_from_the_stamp_that_change_published(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 6, "m");

        var shared = harness.Context.SharedFor(harness.UserRoot("example.org", "alice"));
        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        await session.StoreFlagsAsync([1, 4, 5], FlagChangeMode.Add, MessageFlags.Deleted, [], null, cancellationToken);
        await session.RefreshAsync(true, cancellationToken);

        // The reuse is bounded to OwnPublication.ReuseWindow after the change: a test machine stalled for that long between
        // the change and its refresh reads the stamp once more, so the fewest reads of up to three tries is what is checked.
        var storeReads = int.MaxValue;
        var storeReported = new List<uint>();
        for (var attempt = 0; attempt < 3 && storeReads > 2; attempt++)
        {
            var before = shared.StampReads;
            await session.StoreFlagsAsync([3], attempt % 2 == 0 ? FlagChangeMode.Add : FlagChangeMode.Remove, MessageFlags.Flagged, [], null, cancellationToken);
            var changes = await session.RefreshAsync(true, cancellationToken);
            storeReads = Math.Min(storeReads, shared.StampReads - before);
            storeReported.AddRange(changes.FlagChangedUids);
        }

        var expungeReads = int.MaxValue;
        var expunged = new List<uint>();
        var expungeReported = new List<uint>();
        foreach (var uid in new uint[] { 1, 4, 5 })
        {
            var before = shared.StampReads;
            expunged.AddRange((await session.ExpungeAsync([uid], cancellationToken)).ExpungedUids);
            var changes = await session.RefreshAsync(true, cancellationToken);
            expungeReads = Math.Min(expungeReads, shared.StampReads - before);
            expungeReported.AddRange(changes.ExpungedUids);
            if (expungeReads <= 2)
            {
                break;
            }
        }

        // A change by this process between the own change and the refresh (here a delivery) still shows at once.
        await session.StoreFlagsAsync([2], FlagChangeMode.Add, MessageFlags.Seen, [], null, cancellationToken);
        await harness.DeliverAsync(StoreHarness.Message("late"), new DeliveryTarget("example.org", "alice"));
        var afterDelivery = await session.RefreshAsync(true, cancellationToken);

        uint[] expected = [.. new uint[] { 1, 2, 3, 4, 5, 6, 7 }.Except(expunged)];
        using (Assert.EnterMultipleScope())
        {
            // STORE: the stamp before the renames and the one published after them; EXPUNGE: the check and the publication.
            Assert.That(storeReads, Is.EqualTo(2), "STORE and its refresh read the stamp again");
            Assert.That(expungeReads, Is.EqualTo(2), "EXPUNGE and its refresh read the stamp again");
            Assert.That(storeReported, Is.Empty, "the session's own flag changes are not reported back to it");
            Assert.That(expungeReported, Is.Empty, "the session already removed its own expunge");
            Assert.That(expunged, Is.Not.Empty);
            Assert.That(afterDelivery.NewMessages, Is.EqualTo(1), "a delivery after the own STORE was not seen by the refresh");
            Assert.That(session.Messages.Select(m => m.Uid), Is.EqualTo(expected));
            Assert.That(session.Messages.Single(m => m.Uid == 2).Flags & MessageFlags.Seen, Is.EqualTo(MessageFlags.Seen));
        }
    }

    private static string Describe(MessageInfo message) =>
        $"{message.Uid} {message.Flags & ~MessageFlags.Recent} [{string.Join(' ', message.Keywords)}] {message.Size} {message.InternalDate:O} {message.ModSeq}";
}
