using System.Diagnostics;
using System.Globalization;
using MailHost.Store.Internal;
using MailHost.Store.Maildir;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Store.Tests.Internal;

public sealed class CrashTests
{
    [Test]
    [CancelAfter(45_000)]
    public async Task Sigkill_while_delivering_and_appending_loses_nothing_acknowledged(CancellationToken cancellationToken)
    {
        var data = Path.Combine(Path.GetTempPath(), "mailhost-store-tests", Guid.NewGuid().ToString("N"));
        var acknowledgedDeliveries = new List<int>();
        var acknowledgedAppends = new Dictionary<int, uint>();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CrashChild).Assembly.Location);
        start.ArgumentList.Add(CrashChild.Verb);
        start.ArgumentList.Add(data);
        using (var child = Process.Start(start)!)
        {
            while (acknowledgedDeliveries.Count + acknowledgedAppends.Count < 40 && await child.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                var parts = line.Split(' ');
                if (parts[0] == "D")
                {
                    acknowledgedDeliveries.Add(int.Parse(parts[1], CultureInfo.InvariantCulture));
                }
                else if (parts[0] == "A")
                {
                    acknowledgedAppends[int.Parse(parts[1], CultureInfo.InvariantCulture)] = uint.Parse(parts[2], CultureInfo.InvariantCulture);
                }
            }

            // SIGKILL on Unix: no finally blocks, no flush, exactly a crash.
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(cancellationToken);
        }

        Assert.That(acknowledgedDeliveries.Count + acknowledgedAppends.Count, Is.GreaterThanOrEqualTo(40), "the child ran");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(37));
        await using var harness = StoreHarness.Create(timeProvider: time, dataPath: data);
        var alice = await harness.AccountAsync("alice");
        var inbox = await ReadFolderAsync(alice, "INBOX", cancellationToken);
        var bob = await ReadFolderAsync(await harness.AccountAsync("bob"), "INBOX", cancellationToken);
        var sent = await ReadFolderAsync(alice, "Sent", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            foreach (var i in acknowledgedDeliveries)
            {
                Assert.That(inbox.Values.Count(s => s == i), Is.EqualTo(1), $"alice has delivery {i} once");
                Assert.That(bob.Values.Count(s => s == i), Is.EqualTo(1), $"bob has delivery {i} once");
            }

            foreach (var (i, uid) in acknowledgedAppends)
            {
                Assert.That(sent.GetValueOrDefault(uid, -1), Is.EqualTo(i), $"APPENDUID {uid} still names append {i}");
            }
        }

        var swept = harness.Services.GetRequiredService<TmpSweeper>().SweepOnce();
        var root = harness.UserRoot("example.org", "alice");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(UidList.Parse(File.ReadAllText(Path.Combine(root, "dovecot-uidlist"))), Is.Not.Null);
            Assert.That(UidList.Parse(File.ReadAllText(Path.Combine(root, ".Sent", "dovecot-uidlist"))), Is.Not.Null);
            Assert.That(Directory.GetFiles(Path.Combine(root, "tmp")).Concat(Directory.GetFiles(Path.Combine(root, ".Sent", "tmp"))), Is.Empty, $"{swept} leftovers swept");
        }
    }

    /// <summary>Every visible message must be whole (ends with its END marker); returns UID → message number.</summary>
    private static async Task<Dictionary<uint, int>> ReadFolderAsync(IMailAccount account, string mailbox, CancellationToken cancellationToken)
    {
        await using var session = (await account.OpenMailboxAsync(mailbox, false, cancellationToken)).Session!;
        var numbers = new Dictionary<uint, int>();
        foreach (var message in session.Messages)
        {
            await using var stream = (await session.OpenMessageAsync(message.Uid, cancellationToken))!;
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellationToken);
            var start = text.IndexOf("crash-", StringComparison.Ordinal) + "crash-".Length;
            var number = int.Parse(text.AsSpan(start, text.IndexOf('\r', start) - start), CultureInfo.InvariantCulture);
            Assert.That(text, Does.EndWith($"END-{number}\r\n"), $"{mailbox} UID {message.Uid} is whole");
            numbers[message.Uid] = number;
        }

        Assert.That(numbers.Keys, Is.Unique);
        return numbers;
    }
}
