using System.Text;

namespace MailHost.Store.Tests.Internal;

/// <summary>
/// The problem MailHost exists to solve: mail to bob with alice on CC is delivered while alice's client APPENDs the copy to
/// Sent, and other sessions sync INBOX, all at once. Nothing may fail and the in-process gate must absorb all contention.
/// </summary>
public sealed class ContentionTests
{
    private const int Count = 200;

    [Test]
    [CancelAfter(60_000)]
    public async Task Deliveries_appends_and_readers_all_succeed_without_a_single_lock_retry(CancellationToken cancellationToken)
    {
        // What is asserted is that contention never reaches the dotlock's retry pipeline and nothing fails, not how fast 200
        // queued APPENDs get through: with the harness's 2 s budget, a clean-clone CI run (every test assembly at once on 2
        // cores) once let the last APPEND's wait for the in-process gate run out. The daemon's default budget is 5 s.
        await using var harness = StoreHarness.Create(settings: new Dictionary<string, string?> { ["Store:Locking:TimeoutMs"] = "30000" });
        var alice = await harness.AccountAsync("alice");
        await harness.AccountAsync("bob");
        var writersDone = 0;

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(
            async () =>
            {
                await using var session = (await alice.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
                var refreshes = 0;
                do
                {
                    await session.RefreshAsync(true, cancellationToken);
                    Assert.That(session.Messages.Select(m => m.Uid), Is.Ordered.Ascending.And.Unique);
                    refreshes++;
                }
                while (Volatile.Read(ref writersDone) < 2 * Count);

                return refreshes;
            },
            cancellationToken)).ToList();

        var deliveries = Enumerable.Range(0, Count).Select(i => Task.Run(
            async () =>
            {
                var outcomes = await harness.DeliverAsync(StoreHarness.Message($"msg-{i:D4}"), new DeliveryTarget("example.org", "bob"), new DeliveryTarget("example.org", "alice"));
                Interlocked.Increment(ref writersDone);
                return outcomes;
            },
            cancellationToken)).ToList();
        var appends = Enumerable.Range(0, Count).Select(i => Task.Run(
            async () =>
            {
                var result = await StoreHarness.AppendAsync(alice, "Sent", StoreHarness.Message($"msg-{i:D4}"));
                Interlocked.Increment(ref writersDone);
                return result;
            },
            cancellationToken)).ToList();
        var deliveryOutcomes = await Task.WhenAll(deliveries);
        var appendResults = await Task.WhenAll(appends);
        var refreshCounts = await Task.WhenAll(readers);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deliveryOutcomes.SelectMany(o => o).Select(o => o.Status), Is.All.EqualTo(StoreStatus.Ok));
            Assert.That(appendResults.Select(r => r.Status), Is.All.EqualTo(StoreStatus.Ok));
            Assert.That(appendResults.Select(r => r.Uids.Count), Is.All.EqualTo(1), "every APPEND got its APPENDUID");
            Assert.That(refreshCounts, Is.All.GreaterThan(0));
            Assert.That(harness.Instrumentation.LockRetries, Is.Zero, "in-process contention must never reach the retry pipeline");
            Assert.That(harness.Instrumentation.LockTimeouts, Is.Zero);
        }

        await AssertFolderAsync(alice, "INBOX", cancellationToken);
        await AssertFolderAsync(await harness.AccountAsync("bob"), "INBOX", cancellationToken);
        var sent = await AssertFolderAsync(alice, "Sent", cancellationToken);
        for (var i = 0; i < Count; i++)
        {
            Assert.That(sent[appendResults[i].Uids[0]], Is.EqualTo($"msg-{i:D4}"), "the APPENDUID names the message that was appended");
        }
    }

    private static async Task<Dictionary<uint, string>> AssertFolderAsync(IMailAccount account, string mailbox, CancellationToken cancellationToken)
    {
        await using var session = (await account.OpenMailboxAsync(mailbox, true, cancellationToken)).Session!;
        var subjects = new Dictionary<uint, string>();
        foreach (var message in session.Messages)
        {
            await using var stream = (await session.OpenMessageAsync(message.Uid, cancellationToken))!;
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var text = await reader.ReadToEndAsync(cancellationToken);
            var start = text.IndexOf("Subject: ", StringComparison.Ordinal) + "Subject: ".Length;
            subjects[message.Uid] = text[start..text.IndexOf('\r', start)];
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(session.Messages, Has.Count.EqualTo(Count), mailbox);
            Assert.That(session.Messages.Select(m => m.Uid), Is.Ordered.Ascending.And.Unique, mailbox);
            Assert.That(subjects.Values, Is.Unique, $"{mailbox}: each message exactly once");
            Assert.That(session.UidNext, Is.GreaterThan(session.Messages[^1].Uid));
        }

        return subjects;
    }
}
