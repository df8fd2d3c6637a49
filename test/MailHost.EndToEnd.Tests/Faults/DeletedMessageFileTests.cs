using MailHost.EndToEnd.Tests.Support;
using MimeKit;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// A message file is removed from the shell while a client has the folder selected. The answer follows Dovecot and RFC 2180
/// §4.1.2: a FETCH that needs the file answers the messages that still exist and ends with <c>NO [EXPUNGEISSUED]</c> (RFC 5530)
/// instead of an OK that silently leaves a message out; sequence numbers stay put until the next NOOP reports the EXPUNGE,
/// after which everything fetches normally. COPY of a set that includes it copies the others, reports them with COPYUID and
/// also ends with <c>NO [EXPUNGEISSUED]</c>. The session never breaks.
/// </summary>
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class DeletedMessageFileTests
{
    [Test]
    public async Task Fetch_of_a_removed_file_answers_expungeissued_and_noop_reports_the_expunge(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, configure: null, cancellationToken);
        var (messages, imap, select) = await DeliverAndSelectAsync(daemon, 3, cancellationToken);
        await using var connection = imap;

        var victim = FaultStore.VisibleFiles(store.Inbox).Single(f => File.ReadAllText(f).Contains(messages[1].MessageId!, StringComparison.Ordinal));
        File.Delete(victim);

        await imap.WriteLineAsync("f1 FETCH 1:3 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", cancellationToken);
        var fetch = await imap.ReadUntilAsync("f1 ", cancellationToken);
        await imap.WriteLineAsync("f2 FETCH 3 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", cancellationToken);
        var fetchOther = await imap.ReadUntilAsync("f2 ", cancellationToken);
        await imap.WriteLineAsync("n NOOP", cancellationToken);
        var noop = await imap.ReadUntilAsync("n ", cancellationToken);
        await imap.WriteLineAsync("f3 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", cancellationToken);
        var after = await imap.ReadUntilAsync("f3 ", cancellationToken);

        var first = FaultStore.VisibleFiles(store.Inbox).Single(f => File.ReadAllText(f).Contains(messages[0].MessageId!, StringComparison.Ordinal));
        File.Delete(first);
        await imap.WriteLineAsync("c COPY 1:2 Archive", cancellationToken);
        var copy = await imap.ReadUntilAsync("c ", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(select, Has.Member("* 3 EXISTS"), daemon.Output);
            Assert.That(fetch.Where(static l => l.StartsWith("* ", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {22}",
                "* 3 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {22}",
            }), "the messages that still exist are answered, no EXPUNGE inside FETCH (RFC 9051 §7.5.1)");
            Assert.That(fetch, Has.Member("Subject: message 3"));
            Assert.That(fetch[^1], Is.EqualTo("f1 NO [EXPUNGEISSUED] Some of the requested messages no longer exist"), daemon.Output);
            Assert.That(fetchOther[^1], Does.StartWith("f2 OK "), "a FETCH of the others alone is fine");
            Assert.That(noop, Is.EqualTo(new[] { "* 2 EXPUNGE", noop[^1] }), "the next NOOP reports the EXPUNGE");
            Assert.That(noop[^1], Does.StartWith("n OK "));
            Assert.That(after.Where(static l => l.StartsWith("* ", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {22}",
                "* 2 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {22}",
            }));
            Assert.That(after, Has.Member("Subject: message 3"), "message 3 is now number 2");
            Assert.That(after[^1], Does.StartWith("f3 OK "));
            Assert.That(copy, Is.EqualTo(new[]
            {
                "* 1 EXPUNGE",
                "* OK [COPYUID " + UidValidityOf(copy.Count > 1 ? copy[1] : string.Empty) + " 3 1] Copied",
                "c NO [EXPUNGEISSUED] Some of the requested messages no longer exist",
            }), "COPY copies what exists, says which (COPYUID) and does not claim the rest:\n" + daemon.Output);
        }
    }

    [Test]
    public async Task Store_on_a_removed_file_changes_the_others_and_answers_expungeissued(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, configure: null, cancellationToken);
        var (messages, imap, _) = await DeliverAndSelectAsync(daemon, 2, cancellationToken);
        await using var connection = imap;

        File.Delete(FaultStore.VisibleFiles(store.Inbox).Single(f => File.ReadAllText(f).Contains(messages[1].MessageId!, StringComparison.Ordinal)));
        await imap.WriteLineAsync("t STORE 1:2 +FLAGS (\\Flagged)", cancellationToken);
        var stored = await imap.ReadUntilAsync("t ", cancellationToken);
        await imap.WriteLineAsync("n NOOP", cancellationToken);
        var noop = await imap.ReadUntilAsync("n ", cancellationToken);
        await imap.WriteLineAsync("f FETCH 1:* FLAGS", cancellationToken);
        var flags = await imap.ReadUntilAsync("f ", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored, Is.EqualTo(new[]
            {
                "* 1 FETCH (FLAGS (\\Flagged \\Recent))",
                "t NO [EXPUNGEISSUED] Some of the requested messages no longer exist",
            }), "no FETCH that claims the gone message has the flag, and no OK:\n" + daemon.Output);
            Assert.That(noop, Is.EqualTo(new[] { "* 2 EXPUNGE", noop[^1] }));
            Assert.That(flags, Is.EqualTo(new[] { "* 1 FETCH (FLAGS (\\Flagged \\Recent))", flags[^1] }), "the other message was changed");
            Assert.That(flags[^1], Does.StartWith("f OK "));
        }
    }

    /// <summary>Delivers <paramref name="count"/> messages over SMTP, then logs in over raw IMAP and selects INBOX.</summary>
    private static async Task<(List<MimeMessage> Messages, LineConnection Imap, IReadOnlyList<string> Select)> DeliverAndSelectAsync(
        DaemonProcess daemon, int count, CancellationToken cancellationToken)
    {
        var messages = Enumerable.Range(1, count).Select(i => FaultStore.NewMessage($"message {i}", 1024)).ToList();
        using (var smtp = await FaultStore.ConnectSmtpAsync(daemon, cancellationToken))
        {
            foreach (var message in messages)
            {
                await smtp.SendAsync(message, cancellationToken);
            }
        }

        var imap = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
        await imap.ReadLineAsync(cancellationToken);
        await imap.WriteLineAsync($"a LOGIN {FaultStore.User} {FaultStore.Password}", cancellationToken);
        await imap.ReadUntilAsync("a ", cancellationToken);
        await imap.WriteLineAsync("s SELECT INBOX", cancellationToken);
        return (messages, imap, await imap.ReadUntilAsync("s ", cancellationToken));
    }

    /// <summary>The UIDVALIDITY in "* OK [COPYUID v ...": the destination's, made when Archive was created.</summary>
    private static string UidValidityOf(string line) => line.Split(' ') is { Length: > 3 } parts ? parts[3] : line;
}
