using MailHost.Store.Locking;

namespace MailHost.Store.Tests.Locking;

/// <summary>The process-wide gate map forgets gates nobody uses, and never one that is held or waited for.</summary>
public sealed class FolderGatesTests
{
    private static string NewPath() => Path.Combine(Path.GetTempPath(), "mailhost-gates", Guid.NewGuid().ToString("N"));

    [Test]
    public void An_unused_gate_is_swept_and_a_new_one_is_made_on_next_use()
    {
        var path = NewPath();
        var first = FolderGates.Enter(path);
        FolderGates.Exit(first);
        FolderGates.Sweep();
        var second = FolderGates.Enter(path);
        try
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(first.Retired, Is.True);
                Assert.That(second, Is.Not.SameAs(first));
                Assert.That(second.Semaphore.CurrentCount, Is.EqualTo(1));
            }
        }
        finally
        {
            FolderGates.Exit(second);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task A_held_or_awaited_gate_is_never_swept(CancellationToken cancellationToken)
    {
        var path = NewPath();
        var holder = FolderGates.Enter(path);
        await holder.Semaphore.WaitAsync(cancellationToken);
        var waiter = FolderGates.Enter(path);
        var waiting = waiter.Semaphore.WaitAsync(cancellationToken);
        FolderGates.Sweep();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FolderGates.Contains(path), Is.True);
            Assert.That(waiter, Is.SameAs(holder));
            Assert.That(waiting.IsCompleted, Is.False);
        }

        holder.Semaphore.Release();
        FolderGates.Exit(holder);
        await waiting;
        FolderGates.Sweep();
        var third = FolderGates.Enter(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(third, Is.SameAs(holder), "still held by the waiter that got it");
            Assert.That(third.Semaphore.Wait(0), Is.False);
        }

        FolderGates.Exit(third);
        waiter.Semaphore.Release();
        FolderGates.Exit(waiter);
        FolderGates.Sweep();
        Assert.That(FolderGates.Contains(path), Is.False);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Locks_taken_through_the_store_leave_no_gate_behind_once_released(CancellationToken cancellationToken)
    {
        await using var harness = StoreHarness.Create();
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("m"));
        var inbox = harness.UserRoot("example.org", "alice");
        var locker = harness.Services.GetService(typeof(FolderLocker)) as FolderLocker;
        using (var lease = await locker!.AcquireAsync(inbox, cancellationToken))
        {
            Assert.That(lease, Is.Not.Null);
            FolderGates.Sweep();
            Assert.That(FolderGates.Contains(inbox), Is.True, "held");
            Assert.That(locker.TryAcquireOnce(inbox), Is.Null, "the same gate still excludes");
        }

        FolderGates.Sweep();
        Assert.That(FolderGates.Contains(inbox), Is.False);
        using var again = locker.TryAcquireOnce(inbox);
        Assert.That(again, Is.Not.Null);
    }
}
