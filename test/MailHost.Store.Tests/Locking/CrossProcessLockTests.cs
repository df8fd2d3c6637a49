using System.Diagnostics;
using MailHost.Store.Locking;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Store.Tests.Locking;

/// <summary>Another process holding <c>dovecot-uidlist.lock</c>, simulated by creating the file; time is a FakeTimeProvider.</summary>
public sealed class CrossProcessLockTests
{
    private FakeTimeProvider time = null!;
    private StoreHarness harness = null!;
    private IMailAccount account = null!;
    private string sentLock = null!;

    [SetUp]
    public async Task SetUp()
    {
        time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        harness = StoreHarness.Create(timeProvider: time, settings: new Dictionary<string, string?> { ["Store:Locking:TimeoutMs"] = "5000" });
        account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("first"));
        sentLock = Path.Combine(harness.UserRoot("example.org", "alice"), ".Sent", DotLock.FileName);
    }

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    [CancelAfter(20_000)]
    public async Task Append_waits_out_a_lock_held_for_two_seconds_and_gets_its_uid(CancellationToken cancellationToken)
    {
        File.WriteAllText(sentLock, "1:some-other-host");
        var append = StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("second"));
        await DriveAsync(append, releaseAfter: TimeSpan.FromSeconds(2), cancellationToken);
        var result = await append;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(result.Uids, Is.EqualTo(new uint[] { 2 }));
            Assert.That(harness.Instrumentation.LockRetries, Is.GreaterThan(0));
            Assert.That(harness.Instrumentation.LockTimeouts, Is.Zero);
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Rev1_append_past_the_budget_is_committed_without_uid_and_gets_one_after_release(CancellationToken cancellationToken)
    {
        File.WriteAllText(sentLock, "1:some-other-host");
        var append = StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("second"), requireUids: false);
        var elapsed = await DriveAsync(append, releaseAfter: null, cancellationToken);
        var result = await append;
        await using var session = (await account.OpenMailboxAsync("Sent", false, cancellationToken)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(result.Uids, Is.Empty);
            Assert.That(elapsed, Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(5300)), "returns within the configured budget");
            Assert.That(harness.Instrumentation.LockTimeouts, Is.EqualTo(1));
            Assert.That(session.Messages, Has.Count.EqualTo(1), "no UID can be given while the lock is held");
            Assert.That(Directory.GetFiles(Path.Combine(harness.UserRoot("example.org", "alice"), ".Sent", "cur")), Has.Length.EqualTo(2), "but the message is committed");
        }

        File.Delete(sentLock);
        var changes = await session.RefreshAsync(true, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(changes.NewMessages, Is.EqualTo(1));
            Assert.That(session.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1, 2 }));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Rev2_append_past_the_budget_is_refused_in_use_and_leaves_nothing(CancellationToken cancellationToken)
    {
        File.WriteAllText(sentLock, "1:some-other-host");
        var append = StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("second"), requireUids: true);
        await DriveAsync(append, releaseAfter: null, cancellationToken);
        var result = await append;
        var sent = Path.Combine(harness.UserRoot("example.org", "alice"), ".Sent");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(StoreStatus.InUse));
            Assert.That(Directory.GetFiles(Path.Combine(sent, "cur")), Has.Length.EqualTo(1));
            Assert.That(Directory.GetFiles(Path.Combine(sent, "tmp")), Is.Empty);
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Expunge_past_the_budget_is_in_use_and_delivery_never_waits(CancellationToken cancellationToken)
    {
        await using var session = (await account.OpenMailboxAsync("Sent", false, cancellationToken)).Session!;
        await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.Deleted, [], null, cancellationToken);
        File.WriteAllText(sentLock, "1:some-other-host");
        var expunge = session.ExpungeAsync(null, cancellationToken).AsTask();
        await DriveAsync(expunge, releaseAfter: null, cancellationToken);
        var delivery = await harness.DeliverAsync(StoreHarness.Message("d"), new DeliveryTarget("example.org", "alice", "Sent"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await expunge).Status, Is.EqualTo(StoreStatus.InUse));
            Assert.That(delivery[0].Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(Directory.GetFiles(Path.Combine(harness.UserRoot("example.org", "alice"), ".Sent", "new")), Has.Length.EqualTo(1));
        }
    }

    [Test]
    public async Task Lock_of_a_dead_process_on_this_host_is_taken_over_at_once()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        File.WriteAllText(sentLock, $"{process.Id}:{Environment.MachineName}");
        var result = await StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("second"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Uids, Is.EqualTo(new uint[] { 2 }));
            Assert.That(harness.Instrumentation.LockRetries, Is.Zero);
            Assert.That(File.Exists(sentLock), Is.False);
        }
    }

    [Test]
    public async Task Lock_with_our_own_pid_and_no_holder_in_this_process_is_ours_from_a_previous_life()
    {
        File.WriteAllText(sentLock, $"{Environment.ProcessId}:{Environment.MachineName}");
        var result = await StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("second"));
        Assert.That(result.Uids, Is.EqualTo(new uint[] { 2 }));
        Assert.That(harness.Instrumentation.LockRetries, Is.Zero);
    }

    [Test]
    public async Task Lock_untouched_for_longer_than_120_seconds_is_stale_even_from_another_host()
    {
        File.WriteAllText(sentLock, "1:some-other-host");
        File.SetLastWriteTimeUtc(sentLock, time.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(121));
        var result = await StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("second"));
        Assert.That(result.Uids, Is.EqualTo(new uint[] { 2 }));
        Assert.That(harness.Instrumentation.LockRetries, Is.Zero);
    }

    [Test]
    public void Fresh_lock_of_a_live_process_is_not_stale()
    {
        File.WriteAllText(sentLock, $"1:{Environment.MachineName}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DotLock.IsStale(sentLock, time, TimeSpan.FromSeconds(120)), Is.False, "pid 1 is alive on this host");
            time.Advance(TimeSpan.FromSeconds(121));
            Assert.That(DotLock.IsStale(sentLock, time, TimeSpan.FromSeconds(120)), Is.True);
        }
    }

    [Test]
    public void Lock_is_a_link_to_this_process_owner_file_and_names_this_process()
    {
        var owner = Path.Combine(Path.GetDirectoryName(sentLock)!, DotLock.OwnerFileName);
        Assert.That(DotLock.TryCreate(sentLock, time, TimeSpan.FromSeconds(120)), Is.True);
        var marker = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(owner, marker);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllText(sentLock), Is.EqualTo(DotLock.OwnerContent));
            Assert.That(File.GetLastWriteTimeUtc(sentLock), Is.EqualTo(marker), "one inode under two names");
            Assert.That(DotLock.IsStale(sentLock, time, TimeSpan.FromSeconds(120)), Is.True, "our own pid with no holder in this process (the caller holds the gate)");
        }

        DotLock.Release(sentLock);
        Assert.That(DotLock.TryCreate(sentLock, time, TimeSpan.FromSeconds(120)), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetLastWriteTimeUtc(sentLock), Is.GreaterThan(marker), "touched before it is linked again, so its age is the lock's");
            Assert.That(File.Exists(owner), Is.True);
        }

        DotLock.Release(sentLock);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(sentLock), Is.False);
            Assert.That(File.ReadAllText(owner), Is.EqualTo(DotLock.OwnerContent), "the owner file stays for the next lock");
        }
    }

    [Test]
    public async Task Owner_files_of_dead_processes_here_and_of_long_silent_hosts_are_removed_when_this_process_makes_its_own()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        var drafts = Path.Combine(harness.UserRoot("example.org", "alice"), ".Drafts");
        var dead = Path.Combine(drafts, $"{DotLock.OwnerPrefix}{process.Id}.{Environment.MachineName}");
        var alive = Path.Combine(drafts, $"{DotLock.OwnerPrefix}1.{Environment.MachineName}");
        var elsewhere = Path.Combine(drafts, $"{DotLock.OwnerPrefix}{process.Id}.some-other-host");
        var previousContainer = Path.Combine(drafts, $"{DotLock.OwnerPrefix}1.an-earlier-container");
        foreach (var path in new[] { dead, alive, elsewhere, previousContainer })
        {
            File.WriteAllText(path, "x");
        }

        File.SetLastWriteTimeUtc(elsewhere, DateTime.UtcNow - DotLock.ForeignOwnerMaxAge + TimeSpan.FromHours(1));
        File.SetLastWriteTimeUtc(previousContainer, DateTime.UtcNow - DotLock.ForeignOwnerMaxAge - TimeSpan.FromHours(1));

        var lockPath = Path.Combine(drafts, DotLock.FileName);
        Assert.That(DotLock.TryCreate(lockPath, time, TimeSpan.FromSeconds(120)), Is.True);
        DotLock.Release(lockPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(dead), Is.False);
            Assert.That(File.Exists(alive), Is.True, "pid 1 is alive");
            Assert.That(File.Exists(elsewhere), Is.True, "another host's process cannot be checked, and it locked recently");
            Assert.That(File.Exists(previousContainer), Is.False, "another host silent for longer than a day");
            Assert.That(File.Exists(Path.Combine(drafts, DotLock.OwnerFileName)), Is.True);
        }
    }

    /// <summary>Moves fake time in small steps until <paramref name="operation"/> completes; optionally releases the lock on the way.</summary>
    private async Task<TimeSpan> DriveAsync(Task operation, TimeSpan? releaseAfter, CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromMilliseconds(25);
        var elapsed = TimeSpan.Zero;
        while (!operation.IsCompleted)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // A real millisecond lets the store's continuations run before fake time moves again.
            await Task.Delay(1, cancellationToken);
            if (operation.IsCompleted)
            {
                break;
            }

            time.Advance(step);
            elapsed += step;
            if (releaseAfter is { } after && elapsed >= after && File.Exists(sentLock))
            {
                File.Delete(sentLock);
            }

            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the operation never finished");
        }

        return elapsed;
    }
}
