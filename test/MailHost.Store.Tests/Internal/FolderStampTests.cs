using MailHost.Store.Internal;

namespace MailHost.Store.Tests.Internal;

/// <summary>The stamp read with statx equals the one read through .NET's file APIs, in every state a folder's files can be in.</summary>
public sealed class FolderStampTests
{
    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create();

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task Native_and_managed_stamps_agree(CancellationToken cancellationToken)
    {
        var root = harness.UserRoot("example.org", "alice");
        var folder = new MaildirFolder(harness.Context, root, "INBOX");
        var missing = FolderStamp.Read(folder);
        var missingManaged = FolderStamp.ReadManaged(folder);

        var account = await harness.AccountAsync();
        await StoreHarness.AppendAsync(account, "INBOX", StoreHarness.Message("one"));
        var withoutKeywords = FolderStamp.Read(folder);
        var withoutKeywordsManaged = FolderStamp.ReadManaged(folder);

        await using var session = (await account.OpenMailboxAsync("INBOX", false, cancellationToken)).Session!;
        await session.StoreFlagsAsync([1], FlagChangeMode.Add, MessageFlags.None, ["Later"], null, cancellationToken);
        var full = FolderStamp.Read(folder);
        var fullManaged = FolderStamp.ReadManaged(folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing, Is.EqualTo(missingManaged), "no folder yet");
            Assert.That(withoutKeywords, Is.EqualTo(withoutKeywordsManaged), "no dovecot-keywords");
            Assert.That(full, Is.EqualTo(fullManaged), "every file present");
            Assert.That(full.UidListLength, Is.GreaterThan(0));
            Assert.That(full.KeywordsTicks, Is.Not.EqualTo(missing.KeywordsTicks));
            Assert.That(FolderStamp.NativeInUse, Is.EqualTo(OperatingSystem.IsLinux()), "statx was not used on Linux");
        }
    }
}
