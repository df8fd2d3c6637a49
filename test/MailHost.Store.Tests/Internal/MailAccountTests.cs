namespace MailHost.Store.Tests.Internal;

[TestFixture(":")]
[TestFixture(";")]
public sealed class MailAccountTests(string separator)
{
    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create(separator);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public async Task Listing_keeps_subscriptions_whose_mailbox_is_gone_as_nonexistent()
    {
        var account = await harness.AccountAsync();
        Assert.That((await account.CreateMailboxAsync("Fruit/Banana", MailboxSpecialUse.None, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That((await account.CreateMailboxAsync("Fruit/Peach", MailboxSpecialUse.None, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That((await account.SetSubscribedAsync("Fruit/Peach", true, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That((await account.SetSubscribedAsync("Gone/Away", true, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That((await account.DeleteMailboxAsync("Fruit/Peach", CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));

        var list = await account.ListMailboxesAsync(CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Select(static m => m.Name), Is.EqualTo(new[] { "INBOX", "Archive", "Drafts", "Fruit", "Fruit/Banana", "Fruit/Peach", "Gone/Away", "Junk", "Sent", "Trash" }));
            Assert.That(list.Single(static m => m.Name == "Fruit/Peach"), Is.EqualTo(new MailboxInfo("Fruit/Peach", MailboxSpecialUse.None, false, true, true) { NonExistent = true }));
            Assert.That(list.Single(static m => m.Name == "Gone/Away").NonExistent, Is.True);
            Assert.That(list.Single(static m => m.Name == "Fruit"), Is.EqualTo(new MailboxInfo("Fruit", MailboxSpecialUse.None, true, false, true)), "an implied parent exists, it is just not selectable");
            Assert.That(list.Where(static m => m.NonExistent).Select(static m => m.Name), Is.EqualTo(new[] { "Fruit/Peach", "Gone/Away" }));
        }

        Assert.That((await account.SetSubscribedAsync("Gone/Away", false, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That((await account.ListMailboxesAsync(CancellationToken.None)).Select(static m => m.Name), Does.Not.Contain("Gone/Away"));
    }

    [Test]
    public async Task New_account_gets_inbox_and_special_use_folders_in_maildir_layout()
    {
        var account = await harness.AccountAsync();
        var list = await account.ListMailboxesAsync(CancellationToken.None);
        var root = harness.UserRoot("example.org", "alice");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Select(m => m.Name), Is.EqualTo(new[] { "INBOX", "Archive", "Drafts", "Junk", "Sent", "Trash" }));
            Assert.That(list.Single(m => m.Name == "Sent").SpecialUse, Is.EqualTo(MailboxSpecialUse.Sent));
            Assert.That(list.Single(m => m.Name == "Junk").SpecialUse, Is.EqualTo(MailboxSpecialUse.Junk));
            Assert.That(list.All(m => m.Subscribed && !m.NoSelect), Is.True);
            Assert.That(Directory.Exists(Path.Combine(root, "cur")) && Directory.Exists(Path.Combine(root, "new")) && Directory.Exists(Path.Combine(root, "tmp")), Is.True);
            Assert.That(File.Exists(Path.Combine(root, ".Sent", "maildirfolder")), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(root, "subscriptions")), Does.StartWith("V\t2\n\n"));
            Assert.That(File.ReadAllText(Path.Combine(harness.MailRoot, "mailhost-store")), Does.Contain($"separator={separator}"));
        }
    }

    [Test]
    public async Task Recorded_separator_wins_over_configuration_on_reopen()
    {
        await harness.AccountAsync();
        var other = separator == ":" ? ";" : ":";
        await using var reopened = StoreHarness.Create(other, dataPath: harness.DataPath + "-copy");
        Directory.CreateDirectory(reopened.DataPath);
        CopyDirectory(harness.DataPath, reopened.DataPath);
        Assert.That(reopened.Context.Separator, Is.EqualTo(separator[0]));
    }

    [Test]
    public async Task Create_rename_delete_and_hierarchy()
    {
        var account = await harness.AccountAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await account.CreateMailboxAsync("Lists/dot.net", MailboxSpecialUse.None, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That((await account.CreateMailboxAsync("Lists/dot.net", MailboxSpecialUse.None, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.AlreadyExists));
            Assert.That((await account.CreateMailboxAsync("lists/DOT.NET", MailboxSpecialUse.None, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.InvalidName));
            Assert.That((await account.CreateMailboxAsync("a/../b", MailboxSpecialUse.None, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.InvalidName));
            Assert.That((await account.CreateMailboxAsync("inbox", MailboxSpecialUse.None, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.AlreadyExists));
        }

        Assert.That(Directory.Exists(Path.Combine(harness.UserRoot("example.org", "alice"), ".Lists.dot%2enet", "cur")), Is.True);
        var list = await account.ListMailboxesAsync(CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Single(m => m.Name == "Lists").NoSelect, Is.True);
            Assert.That(list.Single(m => m.Name == "Lists").HasChildren, Is.True);
            Assert.That(list.Single(m => m.Name == "Lists/dot.net").NoSelect, Is.False);
        }

        await StoreHarness.AppendAsync(account, "Lists/dot.net", StoreHarness.Message("kept"));
        Assert.That((await account.RenameMailboxAsync("Lists", "Groups", CancellationToken.None)).Status, Is.EqualTo(StoreStatus.NonExistent));
        Assert.That((await account.CreateMailboxAsync("Lists", MailboxSpecialUse.None, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That((await account.RenameMailboxAsync("Lists", "Groups", CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
        var status = await account.GetStatusAsync("Groups/dot.net", CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status.MailboxStatus!.Messages, Is.EqualTo(1u));
            Assert.That((await account.GetStatusAsync("Lists/dot.net", CancellationToken.None)).Status, Is.EqualTo(StoreStatus.NonExistent));
            Assert.That((await account.DeleteMailboxAsync("INBOX", CancellationToken.None)).Status, Is.EqualTo(StoreStatus.NotAllowed));
            Assert.That((await account.DeleteMailboxAsync("Groups/dot.net", CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That((await account.DeleteMailboxAsync("Groups/dot.net", CancellationToken.None)).Status, Is.EqualTo(StoreStatus.NonExistent));
        }
    }

    [Test]
    public async Task Subscriptions_persist()
    {
        var account = await harness.AccountAsync();
        await account.CreateMailboxAsync("Work/Ünï", MailboxSpecialUse.None, CancellationToken.None);
        await account.SetSubscribedAsync("Work/Ünï", true, CancellationToken.None);
        await account.SetSubscribedAsync("Trash", false, CancellationToken.None);
        var list = await account.ListMailboxesAsync(CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Single(m => m.Name == "Work/Ünï").Subscribed, Is.True);
            Assert.That(list.Single(m => m.Name == "Trash").Subscribed, Is.False);
            Assert.That(File.ReadAllText(Path.Combine(harness.UserRoot("example.org", "alice"), "subscriptions")), Does.Contain("Work\tÜnï\n"));
        }
    }

    [Test]
    public void Account_names_that_escape_the_store_are_refused()
    {
        Assert.That(async () => await harness.Store.OpenAccountAsync("..", "alice", CancellationToken.None), Throws.ArgumentException);
        Assert.That(async () => await harness.Store.OpenAccountAsync("example.org", "a/b", CancellationToken.None), Throws.ArgumentException);
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, destination, StringComparison.Ordinal));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(source, destination, StringComparison.Ordinal));
        }
    }
}
