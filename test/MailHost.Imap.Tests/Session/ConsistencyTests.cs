using System.Text.RegularExpressions;
using MailHost.Imap.Tests.Fakes;
using MailHost.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Imap.Tests.Session;

/// <summary>
/// A client that tracks the mailbox only from untagged EXISTS/EXPUNGE/FETCH responses must always agree with what the server
/// says on a full UID FETCH, while another session appends, flags and expunges (real Maildir store).
/// </summary>
[CancelAfter(120000)]
public sealed partial class ConsistencyTests
{
    [GeneratedRegex(@"^\* (\d+) (EXISTS|EXPUNGE)$")]
    private static partial Regex Untagged();

    [GeneratedRegex(@"^\* (\d+) FETCH \(UID (\d+)\)$")]
    private static partial Regex UidLine();

    [Test]
    public async Task Tracked_state_matches_server_after_concurrent_changes(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("mailhost-consistency-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Data"] = root }).Build();
            await using var services = new ServiceCollection().AddMailHostStore(configuration).BuildServiceProvider();
            var store = services.GetRequiredService<IMailStore>();
            await using var writer = new TestConnection(backingStore: store);
            await using var tracker = new TestConnection(backingStore: store);
            await writer.SelectInboxAsync();
            await tracker.SelectInboxAsync();
            var known = new List<uint>();
            var random = new Random(42);
            var body = Transcript.Message2;
            for (var round = 0; round < 25; round++)
            {
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    await writer.CommandAsync("w", $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
                }

                var count = (await writer.CommandAsync("n", "NOOP")).Count;
                if (round % 3 == 2 && count > 0)
                {
                    await writer.CommandAsync("d", $"STORE 1:{random.Next(1, 3)} +FLAGS.SILENT (\\Deleted)");
                    await writer.CommandAsync("x", "EXPUNGE");
                }

                // The tracker learns only through untagged responses; new UIDs come from a UID FETCH of the new range.
                foreach (var line in await tracker.CommandAsync("t", "NOOP"))
                {
                    var match = Untagged().Match(line);
                    if (!match.Success)
                    {
                        continue;
                    }

                    var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (match.Groups[2].Value == "EXPUNGE")
                    {
                        known.RemoveAt(number - 1);
                    }
                    else if (number > known.Count)
                    {
                        var from = known.Count + 1;
                        foreach (var fetched in await tracker.CommandAsync("f", $"FETCH {from}:{number} UID"))
                        {
                            if (UidLine().Match(fetched) is { Success: true } uidMatch)
                            {
                                known.Add(uint.Parse(uidMatch.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
                            }
                        }
                    }
                }

                var actual = new List<uint>();
                foreach (var line in await tracker.CommandAsync("c", "FETCH 1:* UID"))
                {
                    if (UidLine().Match(line) is { Success: true } match)
                    {
                        Assert.That(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(actual.Count + 1));
                        actual.Add(uint.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                Assert.That(actual, Is.EqualTo(known), "round " + round);
            }

            Assert.That(known, Is.Ordered.Ascending);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
