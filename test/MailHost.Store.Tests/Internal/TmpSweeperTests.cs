using MailHost.Store.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Store.Tests.Internal;

public sealed class TmpSweeperTests
{
    [Test]
    public async Task Sweeps_only_tmp_files_older_than_36_hours()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = StoreHarness.Create(timeProvider: time);
        var account = await harness.AccountAsync();
        var staged = (await account.StageAppendAsync("Drafts", CancellationToken.None)).Message!;
        await staged.Content.WriteAsync(new byte[10]);
        var root = harness.UserRoot("example.org", "alice");
        var old = Path.Combine(root, "tmp", "old-abandoned");
        var oldInFolder = Path.Combine(root, ".Sent", "tmp", "old-abandoned");
        File.WriteAllText(old, "x");
        File.WriteAllText(oldInFolder, "x");
        File.SetLastWriteTimeUtc(old, time.GetUtcNow().UtcDateTime.AddHours(-37));
        File.SetLastWriteTimeUtc(oldInFolder, time.GetUtcNow().UtcDateTime.AddHours(-37));
        var sweeper = harness.Services.GetRequiredService<TmpSweeper>();
        var removed = sweeper.SweepOnce();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(removed, Is.EqualTo(2));
            Assert.That(File.Exists(old) || File.Exists(oldInFolder), Is.False);
            Assert.That(Directory.GetFiles(Path.Combine(root, ".Drafts", "tmp")), Has.Length.EqualTo(1), "a message being written now stays");
        }

        await staged.DisposeAsync();
    }
}
