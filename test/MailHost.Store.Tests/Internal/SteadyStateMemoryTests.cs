using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Internal;

/// <summary>
/// After a long steady workload of deliveries, appends and expunges, every per-message structure of a folder in memory is
/// bounded by the messages that exist (plus the uidlist's stale records before its compaction), not by the messages ever stored.
/// </summary>
public sealed class SteadyStateMemoryTests
{
    private const int Live = 10;
    private const int Cycles = 400;

    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create();

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    [CancelAfter(300_000)]
    public async Task Per_message_state_is_bounded_by_the_messages_that_exist(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", Live, "keep");

        var inbox = harness.UserRoot("example.org", "alice");
        var shared = harness.Context.SharedFor(inbox);
        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        for (var i = 0; i < Cycles; i++)
        {
            if (i % 2 == 0)
            {
                await harness.DeliverAsync(StoreHarness.Message($"d{i}"), new DeliveryTarget("example.org", "alice"));
            }
            else
            {
                await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message($"a{i}"));
            }

            await session.RefreshAsync(includeExpunges: true, cancellationToken);
            var uid = session.Messages[^1].Uid;
            await session.StoreFlagsAsync([uid], FlagChangeMode.Add, MessageFlags.Deleted, [], null, cancellationToken);
            Assert.That((await session.ExpungeAsync([uid], cancellationToken)).ExpungedUids, Is.EqualTo(new[] { uid }));
        }

        await session.RefreshAsync(includeExpunges: true, cancellationToken);
        var uidList = shared.GetCachedUidList(Path.Combine(inbox, UidList.FileName))!;
        var onDisk = UidList.Parse(await File.ReadAllTextAsync(Path.Combine(inbox, UidList.FileName), cancellationToken))!;
        var modSeqLines = (await File.ReadAllLinesAsync(Path.Combine(inbox, ModSeqLog.FileName), cancellationToken)).Length;
        var scan = shared.LastResult!.Scan;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session.Messages, Has.Count.EqualTo(Live));
            Assert.That(shared.ModSeqLog!.ModSeqs, Has.Count.EqualTo(Live), "modseq index");
            Assert.That(shared.ModSeqLog.LastExpungeModSeq, Is.GreaterThan(0UL));
            Assert.That(modSeqLines, Is.LessThanOrEqualTo((2 * Live) + 1024 + 2), "mailhost-modseq compacts");
            Assert.That(ModSeqLog.Parse(await File.ReadAllTextAsync(Path.Combine(inbox, ModSeqLog.FileName), cancellationToken)).ExpungeBaseline, Is.GreaterThan(0UL));
            Assert.That(uidList.Count, Is.LessThanOrEqualTo(Live + 64 + 1), "cached uidlist parse");
            Assert.That(uidList.Count, Is.EqualTo(onDisk.Records.Count), "the cached parse follows the file's compaction");
            Assert.That(shared.InternalDates, Has.Count.LessThanOrEqualTo(Live), "INTERNALDATE cache");
            // As of the last listing: commits and expunges since then update the cached scan, not this index (one cycle at most).
            Assert.That(shared.LastScan, Has.Count.LessThanOrEqualTo(Live + 1), "scan by file name");
            Assert.That(scan.Messages, Has.Count.EqualTo(Live), "cached scan");
            Assert.That(scan.ModSeqs, Has.Count.EqualTo(Live), "cached scan's modseqs");
            Assert.That(shared.PendingInCur, Is.Empty);
        }
    }
}
