using System.Diagnostics;
using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

/// <summary>Python's imaplib and curl against sessions on a loopback socket.</summary>
[CancelAfter(60000)]
public sealed class CommandLineClientTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string? stdin, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + file);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private const string ImaplibScript = """
import imaplib, sys
port = int(sys.argv[1])
m = imaplib.IMAP4("127.0.0.1", port)
m.login("alice@example.com", "secret")
typ, data = m.list()
print("LIST", typ, len(data))
typ, data = m.append("INBOX", r"(\Flagged)", None, b"From: py@example.org\r\nSubject: From Python\r\n\r\nhello from imaplib\r\n")
print("APPEND", typ, data[0].decode())
typ, data = m.select("INBOX")
print("SELECT", typ, data[0].decode())
typ, data = m.uid("SEARCH", None, "FLAGGED")
print("SEARCH", typ, data[0].decode())
typ, data = m.fetch("1", "(FLAGS BODY.PEEK[])")
print("FETCH", typ, data[0][1].decode().splitlines()[1])
typ, data = m.store("1", "+FLAGS", r"(\Deleted)")
typ, data = m.expunge()
print("EXPUNGE", typ, data)
typ, data = m.status("INBOX", "(MESSAGES UIDNEXT)")
print("STATUS", typ, data[0].decode())
m.logout()
""";

    [Test]
    public async Task Python_imaplib_session(CancellationToken cancellationToken)
    {
        await using var server = new LoopbackImapServer(new FakeMailStore());
        var (exitCode, output) = await RunAsync("python3", ["-c", ImaplibScript, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, cancellationToken);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "LIST OK 3",
            "APPEND OK [APPENDUID 1700000000 1] APPEND completed",
            "SELECT OK 1",
            "SEARCH OK 1",
            "FETCH OK Subject: From Python",
            "EXPUNGE OK [b'1']",
            "STATUS OK INBOX (MESSAGES 0 UIDNEXT 2)",
        }));
    }

    [Test]
    public async Task Curl_lists_and_fetches(CancellationToken cancellationToken)
    {
        var store = new FakeMailStore();
        store.Account("example.com", "alice").Inbox.Add(Transcript.Message1, MessageFlags.None);
        await using var server = new LoopbackImapServer(store);
        var url = $"imap://127.0.0.1:{server.Port}/";
        var (listExit, list) = await RunAsync("curl", ["-s", "-S", "--max-time", "20", "-u", "alice@example.com:secret", url], null, cancellationToken);
        Assert.That(listExit, Is.Zero, list);
        Assert.That(list, Does.Contain("* LIST (\\HasNoChildren) \"/\" INBOX"));
        var (fetchExit, message) = await RunAsync("curl", ["-s", "-S", "--max-time", "20", "-u", "alice@example.com:secret", url + "INBOX;UID=1"], null, cancellationToken);
        Assert.That(fetchExit, Is.Zero, message);
        Assert.That(message.Replace("\r\n", "\n", StringComparison.Ordinal), Is.EqualTo(Transcript.Message1.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }
}
