using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Internal;

[TestFixture(":")]
[TestFixture(";")]
public sealed class MailboxSessionTests(string separator)
{
    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create(separator);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    [CancelAfter(10_000)]
    public async Task Refresh_reports_new_mail_and_wait_completes_at_once_for_in_process_delivery(CancellationToken cancellationToken)
    {
        var account = await harness.AccountAsync();
        await harness.DeliverAsync(StoreHarness.Message("1"), new DeliveryTarget("example.org", "alice"));
        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        Assert.That(session.Messages, Has.Count.EqualTo(1));
        var wait = session.WaitForChangeAsync(cancellationToken);
        Assert.That(wait.IsCompleted, Is.False);
        await harness.DeliverAsync(StoreHarness.Message("2"), new DeliveryTarget("example.org", "alice"));
        await wait;
        var changes = await session.RefreshAsync(true, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(changes.NewMessages, Is.EqualTo(1));
            Assert.That(session.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1, 2 }));
            Assert.That(session.Messages[1].Flags, Is.EqualTo(MessageFlags.Recent));
            Assert.That(session.UidNext, Is.EqualTo(3u));
        }
    }

    [Test]
    public async Task Flags_expunge_and_other_sessions_see_them()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 3, "m");

        await using var a = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        await using var b = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        var stored = await a.StoreFlagsAsync([1, 2], FlagChangeMode.Add, MessageFlags.Deleted | MessageFlags.Seen, ["Important"], null, CancellationToken.None);
        var again = await a.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.Seen, [], null, CancellationToken.None);
        var conditional = await a.StoreFlagsAsync([3], FlagChangeMode.Add, MessageFlags.Flagged, [], 0, CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.Changed, Is.EqualTo(new uint[] { 1, 2 }));
            Assert.That(again.Changed, Is.Empty);
            Assert.That(conditional.Modified, Is.EqualTo(new uint[] { 3 }));
            Assert.That(a.Messages[0].Flags, Is.EqualTo(MessageFlags.Deleted | MessageFlags.Seen));
            Assert.That(a.Messages[0].Keywords, Is.EqualTo(new[] { "Important" }));
            Assert.That(a.Messages[0].ModSeq, Is.GreaterThan(a.Messages[2].ModSeq));
            Assert.That(a.HighestModSeq, Is.EqualTo(a.Messages[0].ModSeq));
        }

        var seenByB = await b.RefreshAsync(false, CancellationToken.None);
        Assert.That(seenByB.FlagChangedUids, Is.EqualTo(new uint[] { 1, 2 }));

        var expunged = await a.ExpungeAsync([2, 3], CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(expunged.ExpungedUids, Is.EqualTo(new uint[] { 2 }));
            Assert.That(a.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1, 3 }));
        }

        var hidden = await b.RefreshAsync(false, CancellationToken.None);
        Assert.That(hidden.ExpungedUids, Is.Empty);
        Assert.That(b.Messages, Has.Count.EqualTo(3));
        Assert.That(await b.OpenMessageAsync(2, CancellationToken.None), Is.Null);
        var shown = await b.RefreshAsync(true, CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shown.ExpungedUids, Is.EqualTo(new uint[] { 2 }));
            Assert.That(b.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1, 3 }));
        }

        var all = await a.ExpungeAsync(null, CancellationToken.None);
        Assert.That(all.ExpungedUids, Is.EqualTo(new uint[] { 1 }));
        // Records of expunged files may stay in dovecot-uidlist until it is compacted (as with Dovecot); what matters is
        // that nothing is reused and that a fresh reader sees only what is left.
        var list = UidList.Parse(File.ReadAllText(Path.Combine(harness.UserRoot("example.org", "alice"), "dovecot-uidlist")))!;
        await using var fresh = (await account.OpenMailboxAsync("INBOX", true, CancellationToken.None)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Records.Select(r => r.Uid), Does.Contain(3u));
            Assert.That(list.NextUid, Is.EqualTo(4u));
            Assert.That(fresh.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 3 }));
            Assert.That(fresh.UidNext, Is.EqualTo(4u));
        }
    }

    [Test]
    public async Task Flag_change_survives_a_concurrent_rename_by_someone_else()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("x"));
        await using var session = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        var cur = Path.Combine(harness.UserRoot("example.org", "alice"), "cur");
        var file = Directory.GetFiles(cur).Single();

        // Another process (e.g. Dovecot) marks it \Flagged behind our back.
        File.Move(file, file + "F");
        var result = await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.Seen, [], null, CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Changed, Is.EqualTo(new uint[] { 1 }));
            Assert.That(session.Messages[0].Flags, Is.EqualTo(MessageFlags.Seen | MessageFlags.Flagged));
            Assert.That(Path.GetFileName(Directory.GetFiles(cur).Single()), Does.EndWith($"{separator}2,FS"));
        }
    }

    [TestCase("2,S", false, TestName = "Expunge_keeps_a_message_another_process_undeleted_after_our_store")]
    [TestCase("2,FST", true, TestName = "Expunge_removes_a_message_another_process_renamed_keeping_deleted")]
    public async Task Expunge_goes_by_the_file_current_name_when_someone_else_renamed_it(string otherFlags, bool expunged)
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("x"));
        await using var session = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.Deleted | MessageFlags.Seen, [], null, CancellationToken.None);
        var cur = Path.Combine(harness.UserRoot("example.org", "alice"), "cur");
        var file = Directory.GetFiles(cur).Single();
        Assert.That(Path.GetFileName(file), Does.EndWith($"{separator}2,ST"), "Maildir's letter for \\Deleted is T");

        // Another process (e.g. Dovecot) changes the flags behind our back: the session still knows the old name.
        File.Move(file, file[..^"2,ST".Length] + otherFlags);
        var result = await session.ExpungeAsync([1], CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExpungedUids, Is.EqualTo(expunged ? new uint[] { 1 } : []));
            Assert.That(Directory.GetFiles(cur), Has.Length.EqualTo(expunged ? 0 : 1));
        }
    }

    [Test]
    public async Task Expunge_of_a_message_this_session_marked_deletes_exactly_its_file()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("x"));
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("y"));
        await using var session = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        await session.StoreFlagsAsync([2], FlagChangeMode.Add, MessageFlags.Deleted, [], null, CancellationToken.None);
        var cur = Path.Combine(harness.UserRoot("example.org", "alice"), "cur");
        var kept = Directory.GetFiles(cur).Single(f => !f.EndsWith($"{separator}2,T", StringComparison.Ordinal));
        var result = await session.ExpungeAsync(null, CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExpungedUids, Is.EqualTo(new uint[] { 2 }));
            Assert.That(Directory.GetFiles(cur), Is.EqualTo(new[] { kept }));
            Assert.That(session.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 1 }));
        }
    }

    [Test]
    public async Task Copy_and_move_return_copyuid_data()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("a"), MessageFlags.Flagged, ["Work"]);
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("b"));
        await StoreHarness.AppendAsync(account, "Archive", StoreHarness.Message("old"));
        await using var inbox = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        var copy = await inbox.CopyAsync([1, 2, 99], "Archive", false, CancellationToken.None);
        var missing = await inbox.CopyAsync([1], "Nowhere", false, CancellationToken.None);
        var move = await inbox.CopyAsync([1], "Trash", true, CancellationToken.None);
        await using var archive = (await account.OpenMailboxAsync("Archive", false, CancellationToken.None)).Session!;
        await using var trash = (await account.OpenMailboxAsync("Trash", false, CancellationToken.None)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(copy.SourceUids, Is.EqualTo(new uint[] { 1, 2 }));
            Assert.That(copy.DestinationUids, Is.EqualTo(new uint[] { 2, 3 }));
            Assert.That(copy.DestinationUidValidity, Is.EqualTo(archive.UidValidity));
            Assert.That(missing.Status, Is.EqualTo(StoreStatus.NonExistent));
            Assert.That(archive.Messages[1].Flags, Is.EqualTo(MessageFlags.Flagged));
            Assert.That(archive.Messages[1].Keywords, Is.EqualTo(new[] { "Work" }));
            Assert.That(move.SourceUids, Is.EqualTo(new uint[] { 1 }));
            Assert.That(move.DestinationUids, Is.EqualTo(new uint[] { 1 }));
            Assert.That(inbox.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 2 }));
            Assert.That(trash.Messages, Has.Count.EqualTo(1));
            Assert.That(trash.Messages[0].InternalDate, Is.EqualTo(archive.Messages[1].InternalDate));
        }

        await using var reopened = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        Assert.That(reopened.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 2 }));
    }

    [Test]
    public async Task Dovecot_maildir_opens_with_its_uids_flags_and_keywords()
    {
        var root = harness.UserRoot("example.org", "dove");
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        Directory.CreateDirectory(Path.Combine(root, "new"));
        Directory.CreateDirectory(Path.Combine(root, "cur"));
        File.WriteAllText(Path.Combine(root, "cur", "1276528487.M364837P9451.kurkku,S=25,W=26:2,RSb"), "Subject: one\r\n\r\nbody one\n");
        File.WriteAllText(Path.Combine(root, "cur", "1276528490.M1P9451.kurkku:2,"), "Subject: two\r\n\r\nbody\r\n");
        File.WriteAllText(Path.Combine(root, "new", "1276528499.M2P9451.kurkku"), "Subject: three\r\n\r\n");
        File.WriteAllText(Path.Combine(root, "dovecot-uidlist"), "3 V1276528483 N20 G7e5b6a0c3a1b2f4cb37000009a9bd0e0\n7 :1276528487.M364837P9451.kurkku,S=25,W=26\n12 S20 :1276528490.M1P9451.kurkku\n");
        File.WriteAllText(Path.Combine(root, "dovecot-keywords"), "0 $Junk\n1 $Forwarded\n");
        var account = await harness.Store.OpenAccountAsync("example.org", "dove", CancellationToken.None);
        await using var session = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session.UidValidity, Is.EqualTo(1276528483u));
            Assert.That(session.Messages.Select(m => m.Uid), Is.EqualTo(new uint[] { 7, 12, 20 }));
            Assert.That(session.Messages[0].Flags, Is.EqualTo(MessageFlags.Answered | MessageFlags.Seen));
            Assert.That(session.Messages[0].Keywords, Is.EqualTo(new[] { "$Forwarded" }));
            Assert.That(session.Messages[0].Size, Is.EqualTo(26));
            Assert.That(session.Messages[1].Size, Is.EqualTo(new FileInfo(Directory.GetFiles(Path.Combine(root, "cur"), "1276528490*").Single()).Length));
            Assert.That(session.UidNext, Is.EqualTo(21u));
            Assert.That(File.ReadAllText(Path.Combine(root, "dovecot-uidlist")), Does.EndWith("20 :1276528499.M2P9451.kurkku\n"));
        }
    }

    [Test]
    public async Task Torn_uidlist_is_repaired_and_keeps_uids()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 3, "m");

        var path = Path.Combine(harness.UserRoot("example.org", "alice"), "dovecot-uidlist");
        var content = File.ReadAllText(path);
        var before = UidList.Parse(content)!;

        // Cut in the middle of the last record while this process runs: it still remembers the record, so UID 3 stays m2's.
        File.WriteAllText(path, content[..^10]);
        await harness.DeliverAsync(StoreHarness.Message("after"), new DeliveryTarget("example.org", "alice"));
        var repaired = UidList.Parse(File.ReadAllText(path))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(repaired.Torn, Is.False);
            Assert.That(repaired.UidValidity, Is.EqualTo(before.UidValidity));
            Assert.That(repaired.Records.Take(3), Is.EqualTo(before.Records), "every answered UID kept for its own message");
            Assert.That(repaired.Records.Select(r => r.Uid), Is.EqualTo(new uint[] { 1, 2, 3, 4 }));
        }
    }

    [Test]
    public async Task Torn_uidlist_that_lost_answered_uids_gets_a_greater_uidvalidity_after_a_restart()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 3, "m");

        var path = Path.Combine(harness.UserRoot("example.org", "alice"), "dovecot-uidlist");
        var content = File.ReadAllText(path);
        var before = UidList.Parse(content)!;
        File.WriteAllText(path, content[..^10]);

        // A new process remembers nothing: UID 3 was answered, and nothing proves it was m2's, so UIDs start over (RFC 3501 §2.3.1.1).
        await using var restarted = StoreHarness.Create(separator, dataPath: harness.DataPath);
        await restarted.DeliverAsync(StoreHarness.Message("after"), new DeliveryTarget("example.org", "alice"));
        var status = (await (await restarted.AccountAsync()).GetStatusAsync("INBOX", CancellationToken.None)).MailboxStatus!;
        var repaired = UidList.Parse(File.ReadAllText(path))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(repaired.Torn, Is.False);
            Assert.That(repaired.UidValidity, Is.GreaterThan(before.UidValidity));
            Assert.That(status.UidValidity, Is.EqualTo(repaired.UidValidity));
            Assert.That(repaired.Records.Select(r => r.Uid), Is.EqualTo(new uint[] { 1, 2, 3, 4 }), "every file once under the new UIDVALIDITY");
            Assert.That(repaired.Records.Select(r => r.BaseName), Is.SupersetOf(before.Records.Select(r => r.BaseName)));
        }
    }

    [Test]
    public async Task Torn_line_of_an_append_never_answered_keeps_uidvalidity_after_a_restart()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendMessagesAsync(account, "INBOX", 3, "m");

        var path = Path.Combine(harness.UserRoot("example.org", "alice"), "dovecot-uidlist");
        var before = UidList.Parse(File.ReadAllText(path))!;

        // A crash while appending a record: its UID was never recorded as given out (nor answered).
        File.AppendAllText(path, "4 :1700000000.M1P1.half");
        await using var restarted = StoreHarness.Create(separator, dataPath: harness.DataPath);
        await restarted.DeliverAsync(StoreHarness.Message("after"), new DeliveryTarget("example.org", "alice"));
        var repaired = UidList.Parse(File.ReadAllText(path))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(repaired.UidValidity, Is.EqualTo(before.UidValidity), "nothing answered was lost: no reason to invalidate client caches");
            Assert.That(repaired.Records.Take(3), Is.EqualTo(before.Records));
            Assert.That(repaired.Records.Select(r => r.Uid), Is.EqualTo(new uint[] { 1, 2, 3, 4 }));
        }
    }

    [Test]
    public async Task Missing_uidlist_is_rebuilt_keeping_uidvalidity_when_n_is_proven()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("one"));
        await StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("two"));
        var folder = Path.Combine(harness.UserRoot("example.org", "alice"), ".Sent");
        var before = UidList.Parse(File.ReadAllText(Path.Combine(folder, "dovecot-uidlist")))!;
        File.Delete(Path.Combine(folder, "dovecot-uidlist"));
        var status = (await account.GetStatusAsync("Sent", CancellationToken.None)).MailboxStatus!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status.UidValidity, Is.EqualTo(before.UidValidity));
            Assert.That(status.Messages, Is.EqualTo(2u));
            Assert.That(status.UidNext, Is.EqualTo(5u), "UIDs 1 and 2 are proven used, the files get 3 and 4");
        }

        File.Delete(Path.Combine(folder, "dovecot-uidlist"));
        File.Delete(Path.Combine(folder, "mailhost-modseq"));
        var unproven = (await account.GetStatusAsync("Sent", CancellationToken.None)).MailboxStatus!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unproven.UidValidity, Is.Not.EqualTo(before.UidValidity));
            Assert.That(unproven.UidNext, Is.EqualTo(3u));
        }
    }
}
