using System.Diagnostics;
using System.Globalization;
using MailHost.Imap.Tests.Fakes;
using MailHost.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Imap.Tests.Session;

/// <summary>isync's mbsync syncing a local Maildir with the server (real Maildir store) both ways, twice, without duplicates.</summary>
[CancelAfter(120000)]
public sealed class MbsyncTests
{
    private static async Task<(int ExitCode, string Output)> MbsyncAsync(string config, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("mbsync") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        start.ArgumentList.Add("-a");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start mbsync");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private static int CountMessages(string maildir) =>
        Directory.GetFiles(Path.Combine(maildir, "cur")).Length + Directory.GetFiles(Path.Combine(maildir, "new")).Length;

    [Test]
    public async Task Two_way_sync_twice_has_no_duplicates(CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/bin/mbsync"))
        {
            Assert.Ignore("mbsync (isync) is not installed; .ci/run installs it.");
        }

        var root = Directory.CreateTempSubdirectory("mailhost-mbsync-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Data"] = Path.Combine(root, "data") }).Build();
            await using var services = new ServiceCollection().AddMailHostStore(configuration).BuildServiceProvider();
            var store = services.GetRequiredService<IMailStore>();
            await using (var seed = new TestConnection(backingStore: store))
            {
                await seed.LoginAsync();
                foreach (var body in new[] { Transcript.Message1, Transcript.Message2 })
                {
                    var reply = await seed.CommandAsync("a", $"APPEND INBOX {{{body.Length}+}}\r\n{body}");
                    Assert.That(reply[^1], Does.StartWith("a OK"));
                }
            }

            var local = Path.Combine(root, "local");
            var localInbox = Path.Combine(local, "INBOX");
            foreach (var sub in new[] { "cur", "new", "tmp" })
            {
                Directory.CreateDirectory(Path.Combine(localInbox, sub));
            }

            await File.WriteAllTextAsync(Path.Combine(localInbox, "new", "1700000000.1.local"),
                "From: local@example.org\r\nSubject: Written locally\r\nMessage-ID: <local-1@example.org>\r\n\r\nLocal body\r\n", cancellationToken);

            await using var server = new LoopbackImapServer(store);
            var config = Path.Combine(root, "mbsyncrc");
            await File.WriteAllTextAsync(config, $"""
                IMAPAccount test
                Host 127.0.0.1
                Port {server.Port.ToString(CultureInfo.InvariantCulture)}
                User alice@example.com
                Pass {FakeAuthenticator.Password}
                SSLType None
                AuthMechs LOGIN

                IMAPStore remote
                Account test

                MaildirStore local
                Path {local}/
                Inbox {localInbox}
                SubFolders Verbatim

                Channel sync
                Far :remote:
                Near :local:
                Patterns INBOX Sent
                Create Both
                Expunge Both
                SyncState *

                """, cancellationToken);

            var (first, firstOutput) = await MbsyncAsync(config, cancellationToken);
            Assert.That(first, Is.Zero, firstOutput);
            var (second, secondOutput) = await MbsyncAsync(config, cancellationToken);
            Assert.That(second, Is.Zero, secondOutput);

            var account = await store.OpenAccountAsync("example.com", "alice", cancellationToken);
            var status = await account.GetStatusAsync("INBOX", cancellationToken);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(status.MailboxStatus!.Messages, Is.EqualTo(3u));
                Assert.That(CountMessages(localInbox), Is.EqualTo(3));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
