using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Internal;

/// <summary>Maildir keeps 26 keyword letters per folder: a 27th keyword is refused whole, never dropped.</summary>
[TestFixture(":")]
[TestFixture(";")]
public sealed class KeywordLimitTests(string separator)
{
    private static readonly string[] TwentySix = [.. Enumerable.Range(0, KeywordsFile.MaxKeywords).Select(static i => "$K" + i)];

    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create(separator);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    private string KeywordsPath(string folder = "") => Path.Combine(harness.UserRoot("example.org", "alice"), folder, KeywordsFile.FileName);

    private string CurPath(string folder = "") => Path.Combine(harness.UserRoot("example.org", "alice"), folder, "cur");

    [Test]
    public async Task Store_of_a_27th_keyword_changes_nothing_and_says_so()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("a"));
        await using var session = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        Assert.That(session.CanCreateKeywords, Is.True);

        var filled = await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.None, TwentySix, null, CancellationToken.None);
        var fileBefore = Directory.GetFiles(CurPath()).Single();
        var keywordsBefore = File.ReadAllText(KeywordsPath());
        var refused = await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.Seen, ["$K3", "$Extra"], null, CancellationToken.None);
        var known = await session.StoreFlagsAsync([1], FlagChangeMode.Remove, MessageFlags.None, ["$K25", "$NeverDefined"], null, CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(filled.Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(session.Messages[0].Keywords, Has.Count.EqualTo(KeywordsFile.MaxKeywords - 1));
            Assert.That(session.CanCreateKeywords, Is.False);
            Assert.That(refused.Status, Is.EqualTo(StoreStatus.TooManyKeywords));
            Assert.That(refused.Changed, Is.Empty);
            Assert.That(known.Status, Is.EqualTo(StoreStatus.Ok), "removing needs no letter");
            Assert.That(known.Changed, Is.EqualTo(new uint[] { 1 }));
            Assert.That(File.ReadAllText(KeywordsPath()), Is.EqualTo(keywordsBefore));
            Assert.That(fileBefore, Does.EndWith(separator + "2," + new string([.. Enumerable.Range(0, 26).Select(static i => (char)('a' + i))])));
            Assert.That(session.Messages[0].Flags & MessageFlags.Seen, Is.EqualTo(MessageFlags.None), "the refused STORE must not set \\Seen either");
        }

        // Known keywords still work once the folder is full.
        var reuse = await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.None, ["$k25"], null, CancellationToken.None);
        Assert.That(reuse.Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That(session.Messages[0].Keywords, Does.Contain("$K25"));
    }

    [Test]
    public async Task Store_needing_more_letters_than_are_free_is_refused_whole()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("a"));
        await using var session = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        Assert.That((await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.None, TwentySix[..24], null, CancellationToken.None)).Status, Is.EqualTo(StoreStatus.Ok));

        var refused = await session.StoreFlagsAsync([1], FlagChangeMode.Replace, MessageFlags.None, ["$New1", "$New2", "$New3"], null, CancellationToken.None);
        var fits = await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.None, ["$New1", "$NEW1", "$New2"], null, CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Status, Is.EqualTo(StoreStatus.TooManyKeywords));
            Assert.That(KeywordsFile.Parse(File.ReadAllText(KeywordsPath())).Count(static k => k is not null), Is.EqualTo(26), "after the two that fit");
            Assert.That(fits.Status, Is.EqualTo(StoreStatus.Ok), "case-insensitive duplicates take one letter");
            Assert.That(session.Messages[0].Keywords, Has.Count.EqualTo(26));
        }
    }

    [Test]
    public async Task Append_with_a_new_keyword_into_a_full_folder_commits_nothing()
    {
        var account = await harness.AccountAsync();
        Assert.That((await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("full"), keywords: TwentySix)).Status, Is.EqualTo(StoreStatus.Ok));

        var refused = await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("one too many"), MessageFlags.Seen, ["$K0", "$Extra"]);
        var known = await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("known"), keywords: ["$K7"]);
        await using var session = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Status, Is.EqualTo(StoreStatus.TooManyKeywords));
            Assert.That(refused.Uids, Is.Empty);
            Assert.That(known.Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(session.Messages.Select(static m => m.Uid), Is.EqualTo(new uint[] { 1, 2 }));
            Assert.That(session.Messages[1].Keywords, Is.EqualTo(new[] { "$K7" }));
            Assert.That(Directory.GetFiles(Path.Combine(harness.UserRoot("example.org", "alice"), "tmp")), Is.Empty, "the staged file is removed");
        }
    }

    [Test]
    public async Task Multiappend_is_all_or_none_when_the_batch_needs_too_many_letters()
    {
        var account = await harness.AccountAsync();
        Assert.That((await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("full"), keywords: TwentySix[..25])).Status, Is.EqualTo(StoreStatus.Ok));
        var first = (await account.StageAppendAsync("INBOX", CancellationToken.None)).Message!;
        var second = (await account.StageAppendAsync("INBOX", CancellationToken.None)).Message!;
        await using (first)
        await using (second)
        {
            await first.Content.WriteAsync(System.Text.Encoding.ASCII.GetBytes(StoreHarness.Message("b1")));
            await second.Content.WriteAsync(System.Text.Encoding.ASCII.GetBytes(StoreHarness.Message("b2")));
            var result = await account.CommitAppendAsync("INBOX",
                [new AppendItem(first, MessageFlags.None, ["$One"], null), new AppendItem(second, MessageFlags.None, ["$Two"], null)], true, CancellationToken.None);
            Assert.That(result.Status, Is.EqualTo(StoreStatus.TooManyKeywords));
        }

        await using var session = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        Assert.That(session.Messages, Has.Count.EqualTo(1));
        Assert.That(session.CanCreateKeywords, Is.True, "the refused batch took no letter");
    }

    [Test]
    public async Task Copy_and_move_into_a_full_folder_are_refused_and_move_keeps_the_source()
    {
        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "Archive", StoreHarness.Message("full"), keywords: TwentySix);
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("tagged"), MessageFlags.Flagged, ["$Elsewhere"]);
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("plain"));
        await using var inbox = (await account.OpenMailboxAsync("INBOX", false, CancellationToken.None)).Session!;
        var copy = await inbox.CopyAsync([1, 2], "Archive", false, CancellationToken.None);
        var move = await inbox.CopyAsync([1], "Archive", true, CancellationToken.None);
        var plain = await inbox.CopyAsync([2], "Archive", false, CancellationToken.None);
        await using var archive = (await account.OpenMailboxAsync("Archive", false, CancellationToken.None)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Status, Is.EqualTo(StoreStatus.TooManyKeywords));
            Assert.That(move.Status, Is.EqualTo(StoreStatus.TooManyKeywords));
            Assert.That(plain.Status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(inbox.Messages.Select(static m => m.Uid), Is.EqualTo(new uint[] { 1, 2 }));
            Assert.That(Directory.GetFiles(CurPath()), Has.Length.EqualTo(2), "the moved message is back in place");
            Assert.That(archive.Messages.Select(static m => m.Uid), Is.EqualTo(new uint[] { 1, 2 }));
            Assert.That(Directory.GetFiles(Path.Combine(harness.UserRoot("example.org", "alice"), ".Archive", "tmp")), Is.Empty);
        }
    }
}
