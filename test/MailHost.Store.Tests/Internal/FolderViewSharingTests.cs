using MailHost.Store.Internal;

namespace MailHost.Store.Tests.Internal;

/// <summary>
/// Sessions of one folder reference one shared, immutable view per folder version and hold their own snapshot only while they
/// differ from it (own changes not yet scanned, expunges not yet reported, \Recent kept after a file left new/).
/// </summary>
public sealed class FolderViewSharingTests
{
    private static readonly DeliveryTarget Alice = new("example.org", "alice");
    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create();

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    private async Task<(IMailAccount Account, MailboxSession A, MailboxSession B)> TwoSessionsAsync(int appended)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", appended, "m");

        var a = (MailboxSession)(await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        var b = (MailboxSession)(await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        return (account, a, b);
    }

    [Test]
    public async Task Two_sessions_of_one_folder_share_one_view_object()
    {
        var (_, a, b) = await TwoSessionsAsync(3);
        await using (a)
        await using (b)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(a.Messages, Is.SameAs(b.Messages));
                Assert.That(a.Messages, Is.SameAs(a.View));
                Assert.That(a.HasOwnSnapshot, Is.False);
                Assert.That(a.Keywords, Is.SameAs(b.Keywords));
                Assert.That(a.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1, 2, 3 }));
            }
        }
    }

    [Test]
    public async Task A_change_builds_one_new_view_that_keeps_the_unchanged_entries_and_every_session_adopts_it()
    {
        var (_, a, b) = await TwoSessionsAsync(3);
        await using (a)
        await using (b)
        {
            var before = a.View;
            var builds = FolderShared(a).ViewBuilds;
            await harness.DeliverAsync(StoreHarness.Message("new"), Alice);
            var seenByA = await a.RefreshAsync(true, CancellationToken.None);
            var seenByB = await b.RefreshAsync(true, CancellationToken.None);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(seenByA.NewMessages, Is.EqualTo(1));
                Assert.That(seenByB.NewMessages, Is.EqualTo(1));
                Assert.That(a.View, Is.Not.SameAs(before));
                Assert.That(b.Messages, Is.SameAs(a.Messages));
                Assert.That(FolderShared(a).ViewBuilds, Is.EqualTo(builds + 1));
                Assert.That(a.Messages[0], Is.SameAs(before[0]), "an unchanged message keeps its entry object");
                Assert.That(a.Messages[3].Flags, Is.EqualTo(MessageFlags.Recent), "delivered into new/");
            }
        }
    }

    [Test]
    public async Task Own_store_diverges_until_the_next_refresh_and_is_not_reported_back()
    {
        var (_, a, b) = await TwoSessionsAsync(3);
        await using (a)
        await using (b)
        {
            var shared = b.Messages;
            await a.StoreFlagsAsync([2], FlagChangeMode.Add, MessageFlags.Seen, ["Work"], null, CancellationToken.None);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(a.HasOwnSnapshot, Is.True);
                Assert.That(a.Messages[1].Flags, Is.EqualTo(MessageFlags.Seen));
                Assert.That(a.Messages[1].Keywords, Is.EqualTo(new[] { "Work" }));
                Assert.That(a.Messages[0], Is.SameAs(shared[0]), "the own array references the shared entries it does not change");
                Assert.That(b.Messages, Is.SameAs(shared), "another session's snapshot is untouched");
            }

            var own = await a.RefreshAsync(true, CancellationToken.None);
            var other = await b.RefreshAsync(true, CancellationToken.None);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(own.IsEmpty, Is.True);
                Assert.That(other.FlagChangedUids, Is.EqualTo(new uint[] { 2 }));
                Assert.That(a.HasOwnSnapshot, Is.False);
                Assert.That(a.Messages, Is.SameAs(b.Messages));
                Assert.That(a.Keywords, Is.EqualTo(new[] { "Work" }));
            }
        }
    }

    [Test]
    public async Task Unreported_expunges_keep_sequence_numbers_until_they_are_reported()
    {
        var (_, a, b) = await TwoSessionsAsync(5);
        await using (a)
        await using (b)
        {
            await b.StoreFlagsAsync([2, 4], FlagChangeMode.Add, MessageFlags.Deleted, [], null, CancellationToken.None);
            await b.ExpungeAsync(null, CancellationToken.None);
            await harness.DeliverAsync(StoreHarness.Message("late"), Alice);

            // During FETCH/STORE/SEARCH (RFC 3501 §7.4.1) the expunged messages keep their places; the new one is appended.
            var hidden = await a.RefreshAsync(false, CancellationToken.None);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(hidden.ExpungedUids, Is.Empty);
                Assert.That(hidden.NewMessages, Is.EqualTo(1));
                Assert.That(hidden.FlagChangedUids, Is.Empty, "the expunged messages' \\Deleted is not reported either: they are gone");
                Assert.That(a.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1, 2, 3, 4, 5, 6 }));
                Assert.That(a.HasOwnSnapshot, Is.True);
            }

            var shown = await a.RefreshAsync(true, CancellationToken.None);
            await b.RefreshAsync(true, CancellationToken.None);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(shown.ExpungedUids, Is.EqualTo(new uint[] { 2, 4 }));
                Assert.That(a.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1, 3, 5, 6 }));
                Assert.That(a.HasOwnSnapshot, Is.False);
                Assert.That(a.Messages, Is.SameAs(b.Messages));
            }
        }
    }

    [Test]
    public async Task Recent_stays_with_the_session_that_saw_the_message_in_new()
    {
        var account = await harness.AccountAsync();
        await harness.DeliverAsync(StoreHarness.Message("fresh"), Alice);
        await using var a = (MailboxSession)(await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        await using var b = (MailboxSession)(await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        await b.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.Seen, [], null, CancellationToken.None);
        var changes = await a.RefreshAsync(true, CancellationToken.None);
        await using var c = (MailboxSession)(await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(changes.FlagChangedUids, Is.EqualTo(new uint[] { 1 }));
            Assert.That(a.Messages[0].Flags, Is.EqualTo(MessageFlags.Seen | MessageFlags.Recent));
            Assert.That(b.Messages[0].Flags, Is.EqualTo(MessageFlags.Seen | MessageFlags.Recent));
            Assert.That(c.Messages[0].Flags, Is.EqualTo(MessageFlags.Seen), "a session opened after the file left new/");
            Assert.That(c.HasOwnSnapshot, Is.False);
        }
    }

    [Test]
    public async Task Own_move_removes_the_sources_and_reports_nothing_again()
    {
        var (account, a, b) = await TwoSessionsAsync(3);
        await using (a)
        await using (b)
        {
            await account.CreateMailboxAsync("Archive", MailboxSpecialUse.None, CancellationToken.None);
            var moved = await a.CopyAsync([1, 3], "Archive", move: true, CancellationToken.None);
            Assert.That(a.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 2 }));
            var own = await a.RefreshAsync(true, CancellationToken.None);
            var other = await b.RefreshAsync(true, CancellationToken.None);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(moved.SourceUids, Is.EqualTo(new uint[] { 1, 3 }));
                Assert.That(own.IsEmpty, Is.True);
                Assert.That(other.ExpungedUids, Is.EqualTo(new uint[] { 1, 3 }));
                Assert.That(a.Messages, Is.SameAs(b.Messages));
                Assert.That(await a.OpenMessageAsync(2, CancellationToken.None), Is.Not.Null);
            }
        }
    }

    private FolderShared FolderShared(MailboxSession session)
    {
        var shared = harness.Context.SharedFor(harness.UserRoot("example.org", "alice"));
        Assert.That(shared.ViewOf(shared.LastResult!.Scan), Is.SameAs(session.View), "the INBOX's shared state");
        return shared;
    }
}
