using System.Diagnostics;
using System.Globalization;
using MailHost.EndToEnd.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace MailHost.EndToEnd.Tests.Imap;

/// <summary>Real IMAP clients against the real daemon: MailKit (imaps and STARTTLS), Python imaplib, curl and mbsync.</summary>
[CancelAfter(120_000)]
public sealed class ImapClientTests
{
    private const string Password = "imap-secret";
    private DaemonProcess daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Endpoints.Clear();
        options.Endpoints.Add("imap");
        options.Endpoints.Add("imaps");
        foreach (var user in new[] { "alice@example.test", "bob@example.test", "carol@example.test", "dave@example.test", "erin@example.test" })
        {
            options.Users[user] = Password;
        }

        daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await daemon.DisposeAsync();

    private static MimeMessage Message(string subject, string text) => new(
        [new MailboxAddress("Bob", "bob@example.org")], [new MailboxAddress("Alice", "alice@example.test")], subject, new TextPart("plain") { Text = text });

    [Test]
    public async Task MailKit_full_flow_over_imaps(CancellationToken cancellationToken)
    {
        using var client = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
        await client.ConnectAsync(DaemonProcess.Host, daemon.Port("imaps"), SecureSocketOptions.SslOnConnect, cancellationToken);
        await client.AuthenticateAsync("alice@example.test", Password, cancellationToken);
        Assert.That(client.Capabilities.HasFlag(ImapCapabilities.SpecialUse | ImapCapabilities.Move | ImapCapabilities.Idle | ImapCapabilities.UidPlus), Is.True);

        var sent = client.GetFolder(SpecialFolder.Sent);
        var trash = client.GetFolder(SpecialFolder.Trash);
        var drafts = client.GetFolder(SpecialFolder.Drafts);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent, Is.Not.Null);
            Assert.That(trash, Is.Not.Null);
            Assert.That(drafts, Is.Not.Null);
        }

        var root = client.GetFolder(client.PersonalNamespaces[0]);
        var projects = await root.CreateAsync("Projects", true, cancellationToken) ?? throw new AssertionException("CREATE Projects failed");
        var sub = await projects.CreateAsync("2024", true, cancellationToken) ?? throw new AssertionException("CREATE Projects/2024 failed");
        Assert.That(sub.FullName, Is.EqualTo("Projects/2024"));
        var all = await root.GetSubfoldersAsync(false, cancellationToken);
        Assert.That(all.Select(f => f.Name), Is.SupersetOf(new[] { "INBOX", "Projects" }));

        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var first = await inbox.AppendAsync(Message("Quarterly report", "numbers inside"), MessageFlags.Seen, cancellationToken);
        var second = await inbox.AppendAsync(Message("Lunch?", "at noon"), MessageFlags.None, cancellationToken);
        Assert.That(first, Is.Not.Null);
        Assert.That(second, Is.Not.Null);
        await inbox.CheckAsync(cancellationToken);
        Assert.That(inbox.Count, Is.EqualTo(2));

        Assert.That(await inbox.SearchAsync(SearchQuery.BodyContains("noon"), cancellationToken), Is.EqualTo(new[] { second!.Value }));
        Assert.That(await inbox.SearchAsync(SearchQuery.SubjectContains("quarterly").And(SearchQuery.Seen), cancellationToken), Is.EqualTo(new[] { first!.Value }));

        var summaries = await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.BodyStructure | MessageSummaryItems.Envelope | MessageSummaryItems.Flags, cancellationToken);
        Assert.That(summaries.Select(s => s.Envelope?.Subject), Is.EqualTo(new[] { "Quarterly report", "Lunch?" }));
        Assert.That(summaries[0].Body, Is.InstanceOf<BodyPartText>());
        var text = (TextPart)await inbox.GetBodyPartAsync(first.Value, summaries[0].TextBody!, cancellationToken);
        Assert.That(text.Text, Does.StartWith("numbers inside"));

        var moved = await inbox.MoveToAsync(first.Value, sub, cancellationToken);
        Assert.That(moved, Is.Not.Null);
        Assert.That(inbox.Count, Is.EqualTo(1));
        await sub.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        Assert.That((await sub.GetMessageAsync(moved!.Value, cancellationToken)).Subject, Is.EqualTo("Quarterly report"));
        await client.DisconnectAsync(true, cancellationToken);
    }

    [Test]
    public async Task MailKit_starttls_and_idle_sees_another_clients_append(CancellationToken cancellationToken)
    {
        using var watcher = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
        await watcher.ConnectAsync(DaemonProcess.Host, daemon.Port("imap"), SecureSocketOptions.StartTls, cancellationToken);
        Assert.That(watcher.IsSecure, Is.True);
        await watcher.AuthenticateAsync("bob@example.test", Password, cancellationToken);
        await watcher.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var arrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Inbox.CountChanged += (_, _) => arrived.TrySetResult(watcher.Inbox.Count);
        using var done = new CancellationTokenSource();
        var idle = watcher.IdleAsync(done.Token, cancellationToken);

        using var writer = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
        await writer.ConnectAsync(DaemonProcess.Host, daemon.Port("imaps"), SecureSocketOptions.SslOnConnect, cancellationToken);
        await writer.AuthenticateAsync("bob@example.test", Password, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        await writer.Inbox.AppendAsync(Message("ping", "idle wake-up"), MessageFlags.None, cancellationToken);
        Assert.That(await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken), Is.EqualTo(1));
        stopwatch.Stop();
        await done.CancelAsync();
        await idle;
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "IDLE must report in-process changes at once");
        await watcher.DisconnectAsync(true, cancellationToken);
        await writer.DisconnectAsync(true, cancellationToken);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + file);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private const string ImaplibScript = """
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("carol@example.test", sys.argv[2])
typ, data = m.append("INBOX", r"(\Flagged)", None, b"From: py@example.org\r\nSubject: From Python\r\n\r\nhello from imaplib\r\n")
print("APPEND", typ, data[0].decode().split(" ")[0])
typ, data = m.select("INBOX")
print("SELECT", typ, data[0].decode())
typ, data = m.search(None, "FLAGGED")
print("SEARCH", typ, data[0].decode())
typ, data = m.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
print("FETCH", typ, data[0][1].decode().strip())
m.store("1", "+FLAGS", r"(\Deleted)")
typ, data = m.expunge()
print("EXPUNGE", typ, data)
m.logout()
""";

    [Test]
    public async Task Python_imaplib(CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsync("python3", ["-c", ImaplibScript, daemon.Port("imap").ToString(CultureInfo.InvariantCulture), Password], cancellationToken);
        Assert.That(exitCode, Is.Zero, output + daemon.Output);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "APPEND OK [APPENDUID",
            "SELECT OK 1",
            "SEARCH OK 1",
            "FETCH OK Subject: From Python",
            "EXPUNGE OK [b'1']",
        }));
    }

    [Test]
    public async Task Curl_lists_appends_and_fetches(CancellationToken cancellationToken)
    {
        var url = $"imap://{DaemonProcess.Host}:{daemon.Port("imap").ToString(CultureInfo.InvariantCulture)}/";
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "From: curl@example.org\r\nSubject: via curl\r\n\r\ncurl body\r\n", cancellationToken);
        try
        {
            var (uploadExit, upload) = await RunAsync("curl", ["-sS", "--max-time", "20", "-u", "dave@example.test:" + Password, "-T", file, url + "INBOX"], cancellationToken);
            Assert.That(uploadExit, Is.Zero, upload);
            var (listExit, list) = await RunAsync("curl", ["-sS", "--max-time", "20", "-u", "dave@example.test:" + Password, url], cancellationToken);
            Assert.That(listExit, Is.Zero, list);
            Assert.That(list, Does.Contain("\"/\" INBOX"));
            Assert.That(list, Does.Contain("\\Sent"));
            var (fetchExit, message) = await RunAsync("curl", ["-sS", "--max-time", "20", "-u", "dave@example.test:" + Password, url + "INBOX;UID=1"], cancellationToken);
            Assert.That(fetchExit, Is.Zero, message);
            Assert.That(message, Does.Contain("Subject: via curl"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Mbsync_two_way_sync_twice_without_duplicates(CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/bin/mbsync"))
        {
            Assert.Ignore("mbsync (isync) is not installed; .ci/run installs it.");
        }

        using (var seed = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate })
        {
            await seed.ConnectAsync(DaemonProcess.Host, daemon.Port("imaps"), SecureSocketOptions.SslOnConnect, cancellationToken);
            await seed.AuthenticateAsync("erin@example.test", Password, cancellationToken);
            await seed.Inbox.AppendAsync(Message("Remote one", "1"), MessageFlags.None, cancellationToken);
            await seed.Inbox.AppendAsync(Message("Remote two", "2"), MessageFlags.Seen, cancellationToken);
            await seed.DisconnectAsync(true, cancellationToken);
        }

        var root = Directory.CreateTempSubdirectory("mailhost-mbsync-").FullName;
        try
        {
            var local = Path.Combine(root, "local");
            var localInbox = Path.Combine(local, "INBOX");
            foreach (var sub in new[] { "cur", "new", "tmp" })
            {
                Directory.CreateDirectory(Path.Combine(localInbox, sub));
            }

            await File.WriteAllTextAsync(Path.Combine(localInbox, "new", "1700000000.1.local"),
                "From: local@example.org\r\nSubject: Written locally\r\nMessage-ID: <local-1@example.org>\r\n\r\nLocal body\r\n", cancellationToken);
            var config = Path.Combine(root, "mbsyncrc");
            await File.WriteAllTextAsync(config, $"""
                IMAPAccount erin
                Host {DaemonProcess.Host}
                Port {daemon.Port("imap").ToString(CultureInfo.InvariantCulture)}
                User erin@example.test
                Pass {Password}
                SSLType None
                AuthMechs LOGIN

                IMAPStore remote
                Account erin

                MaildirStore local
                Path {local}/
                Inbox {localInbox}
                SubFolders Verbatim

                Channel sync
                Far :remote:
                Near :local:
                Patterns *
                Create Both
                Expunge Both
                SyncState *

                """, cancellationToken);
            for (var run = 0; run < 2; run++)
            {
                var (exitCode, output) = await RunAsync("mbsync", ["-c", config, "-a"], cancellationToken);
                Assert.That(exitCode, Is.Zero, output + daemon.Output);
            }

            using var check = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
            await check.ConnectAsync(DaemonProcess.Host, daemon.Port("imaps"), SecureSocketOptions.SslOnConnect, cancellationToken);
            await check.AuthenticateAsync("erin@example.test", Password, cancellationToken);
            await check.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var subjects = (await check.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope, cancellationToken)).Select(s => s.Envelope?.Subject).ToList();
            var localCount = Directory.GetFiles(Path.Combine(localInbox, "cur")).Length + Directory.GetFiles(Path.Combine(localInbox, "new")).Length;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(subjects, Is.EquivalentTo(new[] { "Remote one", "Remote two", "Written locally" }));
                Assert.That(localCount, Is.EqualTo(3));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
