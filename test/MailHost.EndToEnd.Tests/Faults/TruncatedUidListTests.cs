using MailHost.EndToEnd.Tests.Support;
using MailKit;
using MailKit.Net.Imap;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// <c>dovecot-uidlist</c> cut off in the middle of a record (records of UIDs already answered to clients are lost). RFC 3501
/// §2.3.1.1: UIDs SHOULD persist, and if they cannot, UIDVALIDITY MUST grow. While the daemon runs it still knows the lost
/// records and keeps every UID; after a restart nothing proves which file had which lost UID, so the folder gets a new,
/// greater UIDVALIDITY. Either way the next session sees every message exactly once and no UID is reused.
/// </summary>
[CancelAfter(90_000)]
[NonParallelizable]
public sealed class TruncatedUidListTests
{
    private const int Messages = 5;

    [Test]
    public async Task Truncated_while_the_daemon_runs_every_message_keeps_its_uid(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, configure: null, cancellationToken);
        var sent = await DeliverAsync(daemon, Messages, cancellationToken);
        using var watching = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
        var (validityBefore, before) = await ReadInboxAsync(watching, cancellationToken);

        Truncate(store);
        var (validityAfter, after) = await ReadAfterTruncationAsync(daemon, cancellationToken);
        var later = await DeliverAsync(daemon, 1, cancellationToken);
        await watching.NoOpAsync(cancellationToken);
        var (_, withLater) = await ReadAfterTruncationAsync(daemon, cancellationToken);
        var uidList = await File.ReadAllTextAsync(Path.Combine(store.Inbox, "dovecot-uidlist"), cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before.Keys, Is.EquivalentTo(sent), daemon.Output);
            Assert.That(after.Keys, Is.EquivalentTo(sent), "every message exactly once after the truncation");
            Assert.That(validityAfter, Is.EqualTo(validityBefore), "UIDVALIDITY kept: the lost records were known");
            Assert.That(after, Is.EquivalentTo(before), "every message kept its UID");
            Assert.That(withLater[later[0]], Is.GreaterThan(before.Values.Max()), "a later delivery reuses no UID");
            Assert.That(uidList, Does.EndWith("\n"), "the uidlist was repaired");
            Assert.That(uidList.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(Messages + 2), "header and one record per message");
            Assert.That(watching.IsConnected, Is.True, "the session that was open survives");
        }
    }

    [Test]
    public async Task Truncated_while_the_daemon_is_down_uidvalidity_grows(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        List<string> sent;
        uint validityBefore;
        await using (var first = await store.StartAsync(addUser: true, configure: null, cancellationToken))
        {
            sent = await DeliverAsync(first, Messages, cancellationToken);
            using var imap = await FaultStore.ConnectImapAsync(first, cancellationToken);
            (validityBefore, _) = await ReadInboxAsync(imap, cancellationToken);
            await imap.DisconnectAsync(quit: true, cancellationToken);
            await first.StopAsync(cancellationToken);
        }

        Truncate(store);
        await using var daemon = await store.StartAsync(addUser: false, configure: null, cancellationToken);
        var (validityAfter, after) = await ReadAfterTruncationAsync(daemon, cancellationToken);
        var later = await DeliverAsync(daemon, 1, cancellationToken);
        var (validityLater, withLater) = await ReadAfterTruncationAsync(daemon, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Keys, Is.EquivalentTo(sent), "every message exactly once after the truncation:\n" + daemon.Output);
            Assert.That(validityAfter, Is.GreaterThan(validityBefore), "UIDs that cannot be kept need a greater UIDVALIDITY (RFC 3501 §2.3.1.1)");
            Assert.That(after.Values.Distinct().Count(), Is.EqualTo(Messages));
            Assert.That(validityLater, Is.EqualTo(validityAfter), "the new UIDVALIDITY is stable");
            Assert.That(withLater[later[0]], Is.GreaterThan(after.Values.Max()), "a later delivery reuses no UID");
        }
    }

    /// <summary>Cuts the file in the middle of the third record: records 3.. are lost, the last line has no newline.</summary>
    private static void Truncate(FaultStore store)
    {
        var path = Path.Combine(store.Inbox, "dovecot-uidlist");
        var content = File.ReadAllText(path);
        var lines = content.Split('\n');
        Assert.That(lines.Length, Is.GreaterThan(4), "header and records:\n" + content);
        var start = lines[0].Length + 1 + lines[1].Length + 1 + lines[2].Length + 1;
        File.WriteAllText(path, content[..(start + (lines[3].Length / 2))]);
    }

    private static async Task<List<string>> DeliverAsync(DaemonProcess daemon, int count, CancellationToken cancellationToken)
    {
        using var smtp = await FaultStore.ConnectSmtpAsync(daemon, cancellationToken);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var message = FaultStore.NewMessage($"message {i}", 1024);
            await smtp.SendAsync(message, cancellationToken);
            ids.Add(message.MessageId!);
        }

        return ids;
    }

    private static async Task<(uint UidValidity, Dictionary<string, uint> Uids)> ReadAfterTruncationAsync(DaemonProcess daemon, CancellationToken cancellationToken)
    {
        using var imap = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
        return await ReadInboxAsync(imap, cancellationToken);
    }

    /// <summary>UIDVALIDITY and Message-ID → UID of INBOX; a duplicate Message-ID fails (each message must be there once).</summary>
    private static async Task<(uint UidValidity, Dictionary<string, uint> Uids)> ReadInboxAsync(ImapClient imap, CancellationToken cancellationToken)
    {
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var summaries = await imap.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, cancellationToken);
        var uids = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var summary in summaries)
        {
            var id = summary.Envelope?.MessageId ?? throw new InvalidOperationException("a message without Message-ID");
            Assert.That(uids.TryAdd(id, summary.UniqueId.Id), Is.True, $"message {id} is listed twice");
        }

        var validity = imap.Inbox.UidValidity;
        await imap.Inbox.CloseAsync(false, cancellationToken);
        return (validity, uids);
    }
}
