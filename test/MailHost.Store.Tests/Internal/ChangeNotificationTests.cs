using Microsoft.Extensions.Time.Testing;

namespace MailHost.Store.Tests.Internal;

public sealed class ChangeNotificationTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task Changes_by_another_process_are_found_by_the_mtime_poll(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = StoreHarness.Create(timeProvider: time, settings: new Dictionary<string, string?> { ["Store:PollIntervalMs"] = "2000" });
        var account = await harness.AccountAsync();
        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        var wait = session.WaitForChangeAsync(cancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(2000));
        await Task.Delay(20, cancellationToken);
        Assert.That(wait.IsCompleted, Is.False, "nothing changed yet");

        // Another process delivers: a file appears in new/ without any in-process signal.
        var newDirectory = Path.Combine(harness.UserRoot("example.org", "alice"), "new");
        File.WriteAllText(Path.Combine(newDirectory, "1700000000.M1P1.otherhost,S=4"), "x\r\n\r\n"[..4]);
        Directory.SetLastWriteTimeUtc(newDirectory, DateTime.UtcNow.AddSeconds(5));
        while (!wait.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5, cancellationToken);
        }

        await wait;
        var changes = await session.RefreshAsync(true, cancellationToken);
        Assert.That(changes.NewMessages, Is.EqualTo(1));
        Assert.That(session.Messages[0].Uid, Is.EqualTo(1u));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Wait_completes_at_once_when_a_change_happened_since_the_last_refresh(CancellationToken cancellationToken)
    {
        await using var harness = StoreHarness.Create();
        var account = await harness.AccountAsync();
        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        await harness.DeliverAsync(StoreHarness.Message("before wait"), new DeliveryTarget("example.org", "alice"));
        var wait = session.WaitForChangeAsync(cancellationToken);
        Assert.That(wait.IsCompleted, Is.True);
        await wait;
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Waiting_sessions_of_a_folder_share_one_poll(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = StoreHarness.Create(timeProvider: time, settings: new Dictionary<string, string?> { ["Store:PollIntervalMs"] = "1000" });
        var account = await harness.AccountAsync();
        await using var a = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        await using var b = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waitA = a.WaitForChangeAsync(cancellationToken);
        var waitB = b.WaitForChangeAsync(stopB.Token);
        var poller = harness.Context.SharedFor(harness.UserRoot("example.org", "alice")).Poller!;
        Assert.That(poller.Waiters, Is.EqualTo(2));

        await stopB.CancelAsync();
        Assert.That(async () => await waitB, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(poller.Waiters, Is.EqualTo(1), "a cancelled wait leaves the poll");

        var newDirectory = Path.Combine(harness.UserRoot("example.org", "alice"), "new");
        File.WriteAllText(Path.Combine(newDirectory, "1700000000.M1P1.otherhost,S=4"), "x\r\n\r");
        Directory.SetLastWriteTimeUtc(newDirectory, DateTime.UtcNow.AddSeconds(5));
        while (!waitA.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5, cancellationToken);
        }

        await waitA;
        Assert.That(poller.Waiters, Is.Zero);
    }
}
