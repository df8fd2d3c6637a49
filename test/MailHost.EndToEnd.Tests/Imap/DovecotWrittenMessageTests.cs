using System.Text;
using MailHost.EndToEnd.Tests.Faults;
using MailHost.EndToEnd.Tests.Support;
using MailKit;

namespace MailHost.EndToEnd.Tests.Imap;

/// <summary>
/// Dovecot stores messages with bare LFs and names them with <c>S=</c> (file size) and <c>W=</c> (size with CRLF). A Maildir
/// copied in from Dovecot must read exactly as Dovecot serves it: RFC822.SIZE is the CRLF size, and BODY[] arrives with CRLF in
/// exactly that many octets, so a client that checks the size against what it downloaded (or fetches in partial chunks up to
/// RFC822.SIZE) gets the whole message.
/// </summary>
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class DovecotWrittenMessageTests
{
    private const string UnixMessage =
        "From: dovecot@example.org\nTo: alice@localhost\nSubject: written by dovecot\nMessage-ID: <lf@example.org>\n\nline one\nline two\n";

    [Test]
    public async Task A_file_with_unix_line_ends_is_fetched_with_CRLF_in_exactly_RFC822_SIZE_octets(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, configure: null, cancellationToken);
        using var imap = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        await imap.Inbox.CloseAsync(expunge: false, cancellationToken);

        var bytes = Encoding.ASCII.GetBytes(UnixMessage);
        var crlfLength = bytes.Length + bytes.Count(static b => b == (byte)'\n');
        var cur = Path.Combine(store.Inbox, "cur");
        Directory.CreateDirectory(cur);
        await File.WriteAllBytesAsync(Path.Combine(cur, $"1764000000.M1P1.dovecot,S={bytes.Length},W={crlfLength}:2,S"), bytes, cancellationToken);

        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var summary = (await imap.Inbox.FetchAsync(0, -1, MessageSummaryItems.Size | MessageSummaryItems.UniqueId, cancellationToken)).Single();
        await using var body = await imap.Inbox.GetStreamAsync(summary.UniqueId, string.Empty, cancellationToken);
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, cancellationToken);
        var received = copy.ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Size, Is.EqualTo((uint)crlfLength), daemon.Output);
            Assert.That(received, Has.Length.EqualTo(crlfLength));
            Assert.That(Encoding.ASCII.GetString(received), Is.EqualTo(UnixMessage.Replace("\n", "\r\n", StringComparison.Ordinal)));
        }
    }
}
