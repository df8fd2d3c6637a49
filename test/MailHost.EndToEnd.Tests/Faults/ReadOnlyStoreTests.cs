using MailKit;
using MailKit.Net.Smtp;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// The user's Maildir becomes read-only under a running daemon (a read-only bind mount; root ignores chmod): delivery answers
/// <c>451 4.3.0</c> (SMTP and LMTP), APPEND <c>NO [SERVERBUG]</c> (the operator's fault: <c>[NOPERM]</c> is kept for EXAMINE'd
/// mailboxes and would tell the client it may never write), reads go on, nothing partial is left, the log does not claim a
/// delivery that was refused, and writes work again once it is writable.
/// </summary>
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class ReadOnlyStoreTests
{
    /// <summary>"." = the whole Maildir (staging in tmp/ fails); "new,cur" = staging works and the rename fails.</summary>
    [TestCase(".")]
    [TestCase("new,cur")]
    public async Task Writes_fail_transiently_reads_go_on_and_nothing_partial_is_left(string readOnlyParts, CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        var mounted = new List<string>();
        try
        {
            await using var daemon = await store.StartAsync(addUser: true, static o => o.Endpoints.Add("lmtp"), cancellationToken);
            using var smtp = await FaultStore.ConnectSmtpAsync(daemon, cancellationToken);
            var before = FaultStore.NewMessage("before", 4096);
            await smtp.SendAsync(before, cancellationToken);
            using var imap = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            Assert.That(imap.Inbox.Count, Is.EqualTo(1), daemon.Output);

            foreach (var part in readOnlyParts.Split(','))
            {
                var path = Path.GetFullPath(Path.Combine(store.Inbox, part));
                var (ok, error) = await FaultStore.MountReadOnlyAsync(path, cancellationToken);
                if (!ok)
                {
                    Assert.Ignore($"a read-only bind mount is not permitted here (needs root / CAP_SYS_ADMIN): {error}");
                }

                mounted.Add(path);
            }

            var refused = Assert.ThrowsAsync<SmtpCommandException>(async () => await smtp.SendAsync(FaultStore.NewMessage("refused", 8192), cancellationToken));
            var lmtp = await FaultStore.RawLmtpAsync(daemon, FaultStore.NewMessage("lmtp refused", 8192), cancellationToken);
            var append = await FaultStore.RawAppendAsync(daemon, "INBOX", FaultStore.NewMessage("append", 8192), cancellationToken);
            var read = await imap.Inbox.GetMessageAsync(0, cancellationToken);
            var staged = FaultStore.StagedFiles(store.Inbox).ToList();
            var visible = FaultStore.VisibleFiles(store.Inbox).ToList();

            foreach (var path in Enumerable.Reverse(mounted))
            {
                await FaultStore.UnmountAsync(path);
            }

            mounted.Clear();
            var after = FaultStore.NewMessage("after", 4096);
            await smtp.SendAsync(after, cancellationToken);
            await imap.Inbox.CheckAsync(cancellationToken);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(refused?.StatusCode, Is.EqualTo(SmtpStatusCode.ErrorInProcessing), daemon.Output);
                Assert.That(refused?.Message, Does.StartWith("4.3.0"));
                Assert.That(lmtp, Does.StartWith("451 4.3.0"), daemon.Output);
                Assert.That(append, Does.StartWith("b NO [SERVERBUG] "), daemon.Output);
                Assert.That(read.MessageId, Is.EqualTo(before.MessageId), "reads are still served");
                Assert.That(read.TextBody?.TrimEnd(), Does.EndWith(FaultStore.EndMarker));
                Assert.That(staged, Is.Empty, "nothing left staged in tmp/");
                Assert.That(visible, Has.Count.EqualTo(1), "nothing new visible in new/ or cur/");
                Assert.That(smtp.IsConnected && imap.IsConnected, Is.True, "both sessions survive");
                Assert.That(imap.Inbox.Count, Is.EqualTo(2), "delivery works again once the store is writable");
                Assert.That(
                    daemon.Output.Split('\n').Count(static l => l.Contains(": delivered ", StringComparison.Ordinal)),
                    Is.EqualTo(2),
                    "the log says \"delivered\" for the two accepted messages only:\n" + daemon.Output);
            }
        }
        finally
        {
            foreach (var path in Enumerable.Reverse(mounted))
            {
                await FaultStore.UnmountAsync(path);
            }
        }
    }
}
