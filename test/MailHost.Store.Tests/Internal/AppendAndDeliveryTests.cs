using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Internal;

[TestFixture(":")]
[TestFixture(";")]
public sealed class AppendAndDeliveryTests(string separator)
{
    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create(separator);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public async Task Append_commits_into_cur_with_flags_keywords_internaldate_and_uid()
    {
        var account = await harness.AccountAsync();
        var date = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var first = await StoreHarness.AppendAsync(account, "Sent", StoreHarness.Message("one"), MessageFlags.Seen | MessageFlags.Recent, ["$Forwarded", "Work"], internalDate: date);
        var second = await StoreHarness.AppendAsync(account, "Sent", "a\nb\n");
        var sent = Path.Combine(harness.UserRoot("example.org", "alice"), ".Sent");
        var files = Directory.GetFiles(Path.Combine(sent, "cur")).Select(Path.GetFileName).Order().ToList();
        var uidList = UidList.Parse(File.ReadAllText(Path.Combine(sent, "dovecot-uidlist")))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(first.Uids, Is.EqualTo(new uint[] { 1 }));
            Assert.That(second.Uids, Is.EqualTo(new uint[] { 2 }));
            Assert.That(first.UidValidity, Is.EqualTo(uidList.UidValidity));
            Assert.That(files, Has.Count.EqualTo(2));
            Assert.That(files.Any(f => f!.EndsWith($"{separator}2,Sab", StringComparison.Ordinal)), Is.True);
            Assert.That(files.Any(f => f!.Contains(",S=4,W=6", StringComparison.Ordinal)), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(sent, "dovecot-keywords")), Is.EqualTo("0 $Forwarded\n1 Work\n"));
            Assert.That(Directory.GetFiles(Path.Combine(sent, "tmp")), Is.Empty);
            Assert.That(uidList.Records.Select(r => r.Uid), Is.EqualTo(new uint[] { 1, 2 }));
        }

        await using var session = (await account.OpenMailboxAsync("Sent", false, CancellationToken.None)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session.Messages[0].Flags, Is.EqualTo(MessageFlags.Seen));
            Assert.That(session.Messages[0].Keywords, Is.EqualTo(new[] { "$Forwarded", "Work" }));
            Assert.That(session.Messages[0].InternalDate, Is.EqualTo(date));
            Assert.That(session.Messages[1].Size, Is.EqualTo(6));
            Assert.That(session.UidNext, Is.EqualTo(3u));
        }
    }

    [Test]
    public async Task Disposing_an_uncommitted_append_deletes_its_tmp_file()
    {
        var account = await harness.AccountAsync();
        var staged = await account.StageAppendAsync("Drafts", CancellationToken.None);
        await staged.Message!.Content.WriteAsync(new byte[100]);
        var tmp = Path.Combine(harness.UserRoot("example.org", "alice"), ".Drafts", "tmp");
        Assert.That(Directory.GetFiles(tmp), Has.Length.EqualTo(1));
        await staged.Message.DisposeAsync();
        Assert.That(Directory.GetFiles(tmp), Is.Empty);
    }

    [Test]
    public async Task Append_to_a_missing_folder_is_nonexistent()
    {
        var account = await harness.AccountAsync();
        Assert.That((await account.StageAppendAsync("Nope", CancellationToken.None)).Status, Is.EqualTo(StoreStatus.NonExistent));
    }

    [Test]
    public async Task Multiappend_commits_all_in_order()
    {
        var account = await harness.AccountAsync();
        var items = new List<AppendItem>();
        for (var i = 0; i < 3; i++)
        {
            var staged = (await account.StageAppendAsync("INBOX", CancellationToken.None)).Message!;
            await staged.Content.WriteAsync(System.Text.Encoding.ASCII.GetBytes(StoreHarness.Message($"m{i}")));
            items.Add(new AppendItem(staged, MessageFlags.None, [], null));
        }

        var result = await account.CommitAppendAsync("INBOX", items, true, CancellationToken.None);
        Assert.That(result.Uids, Is.EqualTo(new uint[] { 1, 2, 3 }));
        await using var session = (await account.OpenMailboxAsync("INBOX", true, CancellationToken.None)).Session!;
        for (var i = 0; i < 3; i++)
        {
            await using var stream = (await session.OpenMessageAsync((uint)(i + 1), CancellationToken.None))!;
            using var reader = new StreamReader(stream);
            Assert.That(await reader.ReadToEndAsync(), Does.Contain($"Subject: m{i}"));
        }

        foreach (var item in items)
        {
            await item.Message.DisposeAsync();
        }

        Assert.That(session.Messages, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Delivery_writes_once_links_into_every_target_and_assigns_uids()
    {
        var outcomes = await harness.DeliverAsync(
            StoreHarness.Message("hello"),
            new DeliveryTarget("example.org", "alice"),
            new DeliveryTarget("example.org", "bob"),
            new DeliveryTarget("Example.org", "Alice"),
            new DeliveryTarget("example.org", "carol", "Missing/Folder"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Select(o => o.Status), Is.All.EqualTo(StoreStatus.Ok));
            Assert.That(outcomes, Has.Count.EqualTo(4));
        }

        foreach (var user in new[] { "alice", "bob", "carol" })
        {
            var root = harness.UserRoot("example.org", user);
            var newFiles = Directory.GetFiles(Path.Combine(root, "new"));
            var list = UidList.Parse(File.ReadAllText(Path.Combine(root, "dovecot-uidlist")))!;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(newFiles, Has.Length.EqualTo(1), user);
                Assert.That(list.Records.Select(r => r.Uid), Is.EqualTo(new uint[] { 1 }), user);
                Assert.That(list.Records[0].BaseName, Is.EqualTo(Path.GetFileName(newFiles[0])), user);
                Assert.That(Directory.GetFiles(Path.Combine(root, "tmp")), Is.Empty, user);
            }
        }

        var status = await (await harness.AccountAsync()).GetStatusAsync("INBOX", CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status.MailboxStatus!.Messages, Is.EqualTo(1u));
            Assert.That(status.MailboxStatus.Recent, Is.EqualTo(1u));
            Assert.That(status.MailboxStatus.Unseen, Is.EqualTo(1u));
            Assert.That(status.MailboxStatus.Size, Is.EqualTo(StoreHarness.Message("hello").Length));
            Assert.That(status.MailboxStatus.UidNext, Is.EqualTo(2u));
        }
    }

    [Test]
    public async Task Delivery_into_a_named_folder_and_invalid_account()
    {
        var outcomes = await harness.DeliverAsync(StoreHarness.Message("x"), new DeliveryTarget("example.org", "alice", "Junk"), new DeliveryTarget("example.org", "../evil"));
        var junk = await (await harness.AccountAsync()).GetStatusAsync("Junk", CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes[0].Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(outcomes[1].Status, Is.EqualTo(StoreStatus.Failed));
            Assert.That(junk.MailboxStatus!.Messages, Is.EqualTo(1u));
        }
    }
}
