using System.Diagnostics;
using System.Globalization;
using MailHost.EndToEnd.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace MailHost.EndToEnd.Tests.Imap;

/// <summary>
/// Issue 5's last protocol gaps against the real daemon with real clients: LIST-EXTENDED \NonExistent and RECURSIVEMATCH,
/// IMAP4rev2 without \Recent, CLOSED only for rev2, and NO [LIMIT] for a 27th keyword in a Maildir folder.
/// </summary>
[CancelAfter(120_000)]
public sealed class ImapProtocolGapTests
{
    private const string Password = "gap-secret";
    private DaemonProcess daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Endpoints.Clear();
        options.Endpoints.Add("imap");
        foreach (var user in new[] { "keywords@example.test", "lists@example.test", "python@example.test" })
        {
            options.Users[user] = Password;
        }

        daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await daemon.DisposeAsync();

    private async Task<ImapClient> ConnectAsync(string user, CancellationToken cancellationToken)
    {
        var client = new ImapClient();
        await client.ConnectAsync(DaemonProcess.Host, daemon.Port("imap"), SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(user, Password, cancellationToken);
        return client;
    }

    [Test]
    public async Task MailKit_gets_no_limit_for_a_27th_keyword_and_loses_the_user_defined_permanent_flag(CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync("keywords@example.test", cancellationToken);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        Assert.That(inbox.PermanentFlags.HasFlag(MessageFlags.UserDefined), Is.True);
        var message = new MimeMessage([new MailboxAddress("Bob", "bob@example.org")], [new MailboxAddress("K", "keywords@example.test")], "tags", new TextPart("plain") { Text = "tagged" });
        var uid = await inbox.AppendAsync(message, MessageFlags.None, cancellationToken) ?? throw new AssertionException("no APPENDUID");
        var twentySix = Enumerable.Range(0, 26).Select(static i => "$K" + i.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        await inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.None, twentySix) { Silent = true }, cancellationToken);

        var refused = Assert.ThrowsAsync<ImapCommandException>(async () =>
            await inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Flagged, ["$Extra"]) { Silent = true }, cancellationToken));
        Assert.That(refused!.Response, Is.EqualTo(ImapCommandResponse.No));
        Assert.That(refused.ResponseText, Is.EqualTo("No room for another keyword in this mailbox"));

        var summary = (await inbox.FetchAsync([uid], MessageSummaryItems.Flags, cancellationToken)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Keywords, Is.EquivalentTo(twentySix));
            Assert.That(summary.Flags!.Value.HasFlag(MessageFlags.Flagged), Is.False, "the refused STORE changed nothing");
        }

        await inbox.CloseAsync(false, cancellationToken);
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(inbox.PermanentFlags.HasFlag(MessageFlags.UserDefined), Is.False);
            Assert.That(inbox.PermanentKeywords, Is.EquivalentTo(twentySix));
        }

        await client.DisconnectAsync(true, cancellationToken);
    }

    [Test]
    public async Task MailKit_sees_a_subscription_whose_mailbox_was_deleted_as_nonexistent(CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync("lists@example.test", cancellationToken);
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        var gone = await root.CreateAsync("Gone", true, cancellationToken) ?? throw new AssertionException("CREATE Gone failed");
        await gone.SubscribeAsync(cancellationToken);
        await gone.DeleteAsync(cancellationToken);

        var subscribed = await root.GetSubfoldersAsync(StatusItems.None, subscribedOnly: true, cancellationToken);
        var entry = subscribed.Single(static f => f.Name == "Gone");
        var all = await root.GetSubfoldersAsync(false, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Attributes.HasFlag(FolderAttributes.NonExistent), Is.True, entry.Attributes.ToString());
            Assert.That(entry.Attributes.HasFlag(FolderAttributes.Subscribed), Is.True, entry.Attributes.ToString());
            Assert.That(all.Select(static f => f.Name), Does.Not.Contain("Gone"), "a plain LIST never shows a name that is only subscribed");
            Assert.That(subscribed.Single(static f => f.Name == "Sent").Attributes.HasFlag(FolderAttributes.NonExistent), Is.False);
        }

        await client.DisconnectAsync(true, cancellationToken);
    }

    private const string ImaplibScript = """
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("python@example.test", sys.argv[2])
for command in ("CREATE Fruit/Banana", "CREATE Vegetable/Broccoli", "SUBSCRIBE Fruit/Banana", "SUBSCRIBE Moo/Baz", "CREATE Old"):
    typ, data = m._simple_command(*command.split(" "))
    assert typ == "OK", (command, typ, data)
m.append("INBOX", None, None, b"From: py@example.org\r\nSubject: rev1\r\n\r\nbody\r\n")
def untagged(name):
    return [line.decode() for line in m.untagged_responses.pop(name, [])]
def run(*args):
    try:
        typ, data = m._simple_command(*args)
        return typ + " " + data[-1].decode()
    except m.error as error:
        return "error " + str(error)
print("RECURSIVEMATCH", run("LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', "%"), [l for l in untagged("LIST") if "CHILDINFO" in l or "NonExistent" in l])
print("RECURSIVEMATCH ALONE", run("LIST", "(RECURSIVEMATCH)", '""', "*"))
print("LSUB", run("LSUB", '""', "Fru%"), untagged("LSUB"))
print("REV1 STATUS", run("STATUS", "INBOX", "(MESSAGES RECENT)"), untagged("STATUS"))
m.select("INBOX")
print("REV1 SEARCH", run("SEARCH", "OLD"), untagged("SEARCH"))
print("REV1 RESELECT", run("SELECT", "Old"), [l for l in untagged("OK") if "CLOSED" in l])
m.close()
print("ENABLE", m.enable("IMAP4rev2"))
m.select("INBOX")
print("REV2 RESELECT", run("SELECT", "Old"), [l for l in untagged("OK") if "CLOSED" in l], untagged("RECENT"))
print("REV2 STATUS", run("STATUS", "INBOX", "(MESSAGES RECENT)"))
print("REV2 SELECT", run("SELECT", "INBOX"), untagged("RECENT"))
print("REV2 SEARCH", run("SEARCH", "NEW"))
print("REV2 ESEARCH", run("SEARCH", "ALL"), untagged("ESEARCH"))
print("REV2 FETCH", run("FETCH", "1", "(FLAGS)"), untagged("FETCH"))
m.logout()
""";

    [Test]
    public async Task Python_imaplib_sees_list_extended_and_the_imap4rev2_differences(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", ImaplibScript, daemon.Port("imap").ToString(CultureInfo.InvariantCulture), Password })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start python3");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(process.ExitCode, Is.Zero, await output + await error + daemon.Output);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "RECURSIVEMATCH OK LIST completed ['(\\\\Noselect \\\\HasChildren) \"/\" Fruit (\"CHILDINFO\" (\"SUBSCRIBED\"))', '(\\\\NonExistent \\\\HasNoChildren) \"/\" Moo (\"CHILDINFO\" (\"SUBSCRIBED\"))']",
            "RECURSIVEMATCH ALONE error LIST command error: BAD [b'RECURSIVEMATCH needs the SUBSCRIBED selection option']",
            "LSUB OK LSUB completed ['(\\\\Noselect) \"/\" Fruit']",
            "REV1 STATUS OK STATUS completed ['INBOX (MESSAGES 1 RECENT 0)']",
            "REV1 SEARCH OK SEARCH completed ['1']",
            "REV1 RESELECT OK [READ-WRITE] SELECT completed []",
            "ENABLE ('OK', [b'ENABLE completed'])",
            "REV2 RESELECT OK [READ-WRITE] SELECT completed ['[CLOSED] Previous mailbox closed'] []",
            "REV2 STATUS error STATUS command error: BAD [b'Invalid arguments']",
            "REV2 SELECT OK [READ-WRITE] SELECT completed []",
            "REV2 SEARCH error SEARCH command error: BAD [b'Invalid SEARCH criteria']",
            "REV2 ESEARCH OK SEARCH completed ['(TAG \"" + lines.ElementAtOrDefault(11)?.Split("(TAG \"")[^1].Split('"')[0] + "\") ALL 1']",
            "REV2 FETCH OK FETCH completed ['1 (FLAGS ())']",
        }), string.Join('\n', lines) + "\n" + await error);
    }
}
