using System.Diagnostics.Metrics;
using MailHost.Store.Internal;
using MailHost.Store.Maildir;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Store.Tests.Internal;

/// <summary>
/// Folders nobody has selected and nobody used for <c>Store:IdleFolderTrimMinutes</c> drop their cached state and read it from
/// disk again on next use; folders in use keep it, and state that is not a copy of a file survives the trim.
/// </summary>
public sealed class IdleFolderTrimmerTests
{
    private FakeTimeProvider time = null!;
    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp()
    {
        time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        harness = StoreHarness.Create(timeProvider: time, settings: new Dictionary<string, string?> { ["Store:IdleFolderTrimMinutes"] = "5" });
    }

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    private IdleFolderTrimmer Trimmer => harness.Services.GetRequiredService<IdleFolderTrimmer>();

    private FolderShared Inbox => harness.Context.SharedFor(harness.UserRoot("example.org", "alice"));

    [Test]
    [CancelAfter(30_000)]
    public async Task An_idle_folder_drops_its_caches_and_rebuilds_them_from_disk(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        for (var i = 0; i < 3; i++)
        {
            await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message($"m{i}"), internalDate: new DateTimeOffset(2024, 1, 2 + i, 3, 4, 5, TimeSpan.Zero));
        }

        IReadOnlyList<MessageInfo> before;
        await using (var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!)
        {
            before = session.Messages;
        }

        var root = harness.UserRoot("example.org", "alice");
        var uidListPath = Path.Combine(root, UidList.FileName);
        var shared = Inbox;
        var knownUidValidity = shared.KnownUidValidity;
        var parses = shared.UidListParses;
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.That(Trimmer.TrimOnce(), Is.GreaterThanOrEqualTo(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shared.Trims, Is.EqualTo(1));
            Assert.That(shared.LastResult, Is.Null);
            Assert.That(shared.LastScan, Is.Null);
            Assert.That(shared.ModSeqLog, Is.Null);
            Assert.That(shared.InternalDates, Is.Empty);
            Assert.That(shared.KnownUidValidity, Is.EqualTo(knownUidValidity), "not a cache");
            Assert.That(Trimmer.TrimOnce(), Is.Zero, "nothing left to drop");
        }

        await using var reopened = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shared.UidListParses, Is.EqualTo(parses + 1), "the uidlist is read again");
            Assert.That(reopened.UidValidity, Is.EqualTo(before.Count > 0 ? knownUidValidity : 0));
            Assert.That(reopened.Messages.Select(m => (m.Uid, m.InternalDate, m.Flags, m.ModSeq)), Is.EqualTo(before.Select(m => (m.Uid, m.InternalDate, m.Flags, m.ModSeq))));
            Assert.That(shared.GetCachedUidList(uidListPath)!.Count, Is.EqualTo(3));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_selected_folder_keeps_its_caches_until_the_session_closes_and_the_idle_time_passes(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("m"));
        var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        var shared = Inbox;
        time.Advance(TimeSpan.FromMinutes(60));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shared.OpenSessions, Is.EqualTo(1));
            Assert.That(Trimmer.TrimOnce(), Is.Zero, "selected: kept however long it idles");
            Assert.That(shared.LastResult, Is.Not.Null);
        }

        await session.DisposeAsync();
        await session.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(4));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shared.OpenSessions, Is.Zero, "a second dispose does not count twice");
            Assert.That(Trimmer.TrimOnce(), Is.Zero, "closed 4 minutes ago: still recent");
        }

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.That(Trimmer.TrimOnce(), Is.EqualTo(1));
        Assert.That(shared.LastResult, Is.Null);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Use_without_a_session_keeps_a_folder_active()
    {
        await harness.DeliverAsync(StoreHarness.Message("1"), new DeliveryTarget("example.org", "alice"));
        var shared = Inbox;
        time.Advance(TimeSpan.FromMinutes(4));
        await harness.DeliverAsync(StoreHarness.Message("2"), new DeliveryTarget("example.org", "alice"));
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.That(Trimmer.TrimOnce(), Is.Zero);
        Assert.That(shared.GetCachedUidList(Path.Combine(harness.UserRoot("example.org", "alice"), UidList.FileName))!.Count, Is.EqualTo(2));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Stale_record_count_survives_a_trim_so_the_uidlist_still_compacts(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 4, "m");

        await using (var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!)
        {
            await session.StoreFlagsAsync([1, 2], FlagChangeMode.Add, MessageFlags.Deleted, [], null, cancellationToken);
            await session.ExpungeAsync([1, 2], cancellationToken);
        }

        var shared = Inbox;
        Assert.That(shared.StaleRecords, Is.EqualTo(2));
        time.Advance(TimeSpan.FromMinutes(6));
        Trimmer.TrimOnce();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shared.Trims, Is.EqualTo(1));
            Assert.That(shared.StaleRecords, Is.EqualTo(2));
        }

        await using var again = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        Assert.That(again.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 3, 4 }));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Trimmed_folders_are_counted_by_the_store_meter(CancellationToken cancellationToken)
    {
        var meter = harness.Instrumentation.Meter;
        long trimmed = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "mailhost.store.folders.trimmed")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref trimmed, value));
        listener.Start();

        var alice = await harness.AccountAsync();
        var bob = await harness.AccountAsync("bob");
        await (await alice.OpenMailboxAsync("INBOX", true, cancellationToken)).Session!.DisposeAsync();
        await (await bob.OpenMailboxAsync("INBOX", true, cancellationToken)).Session!.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(6));
        var count = Trimmer.TrimOnce();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(count, Is.EqualTo(2));
            Assert.That(Interlocked.Read(ref trimmed), Is.EqualTo(2));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_uidlist_torn_while_the_folder_is_trimmed_is_handled_as_after_a_restart(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 3, "m");

        var path = Path.Combine(harness.UserRoot("example.org", "alice"), UidList.FileName);
        var content = await File.ReadAllTextAsync(path, cancellationToken);
        var before = UidList.Parse(content)!;
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.That(Trimmer.TrimOnce(), Is.GreaterThanOrEqualTo(1));

        // The parse that proved UID 3 was m2's is gone with the trim: the given-out UID 3 must not silently go to another file.
        await File.WriteAllTextAsync(path, content[..^10], cancellationToken);
        await harness.DeliverAsync(StoreHarness.Message("after"), new DeliveryTarget("example.org", "alice"));
        await using var session = (await account.OpenMailboxAsync("INBOX", true, cancellationToken)).Session!;
        var repaired = UidList.Parse(await File.ReadAllTextAsync(path, cancellationToken))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(repaired.Torn, Is.False);
            Assert.That(repaired.UidValidity, Is.GreaterThan(before.UidValidity));
            Assert.That(session.UidValidity, Is.EqualTo(repaired.UidValidity));
            Assert.That(repaired.Records.Select(r => r.BaseName), Is.SupersetOf(before.Records.Select(r => r.BaseName)));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Idle_accounts_are_forgotten_and_a_forgotten_instance_keeps_working(CancellationToken cancellationToken)
    {
        var store = harness.Services.GetRequiredService<MailStore>();
        var old = await harness.AccountAsync();
        await harness.AccountAsync("bob");
        time.Advance(TimeSpan.FromMinutes(4));
        await harness.AccountAsync("bob");
        time.Advance(TimeSpan.FromMinutes(2));
        Trimmer.TrimOnce();
        Assert.That(store.AccountCount, Is.EqualTo(1), "alice idle for 6 minutes, bob for 2");

        var fresh = await harness.AccountAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fresh, Is.Not.SameAs(old));
            Assert.That((await old.CreateMailboxAsync("Old", MailboxSpecialUse.None, cancellationToken)).Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That((await fresh.CreateMailboxAsync("old", MailboxSpecialUse.None, cancellationToken)).Status, Is.Not.EqualTo(StoreStatus.Ok), "one account, whichever instance");
            Assert.That((await fresh.ListMailboxesAsync(cancellationToken)).Select(m => m.Name), Does.Contain("Old"));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task The_sweeper_runs_on_the_store_clock(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await (await account.OpenMailboxAsync("INBOX", true, cancellationToken)).Session!.DisposeAsync();
        var shared = Inbox;
        await Trimmer.StartAsync(cancellationToken);
        try
        {
            // The sweep runs every half idle time, on a thread of its own (BackgroundService): the clock moves on by half an idle
            // time per look until a sweep has found the folder idle for five minutes.
            Assert.That(
                () =>
                {
                    time.Advance(TimeSpan.FromSeconds(150));
                    return shared.Trims;
                },
                Is.EqualTo(1).After(5_000, 10));
        }
        finally
        {
            await Trimmer.StopAsync(cancellationToken);
        }
    }
}
