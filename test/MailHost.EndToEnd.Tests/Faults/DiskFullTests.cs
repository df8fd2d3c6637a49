using MailKit;
using MailKit.Net.Smtp;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// The data folder is a 2 MiB tmpfs: a message bigger than the free space gets <c>452 4.3.1</c> over SMTP and
/// <c>NO [OVERQUOTA]</c> over IMAP APPEND, <c>452 4.3.1</c> per LMTP recipient, the partial file is removed (a small message fits again afterwards), reads go on.
/// </summary>
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class DiskFullTests
{
    private static async Task<Exception?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (SmtpCommandException e)
        {
            return e;
        }
    }

    private const int TooBig = 3 * 1024 * 1024;

    [Test]
    public async Task A_message_bigger_than_the_free_space_is_refused_transiently_and_leaves_nothing(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        var (ok, error) = await FaultStore.MountTmpfsAsync(store.DataPath, "2m", cancellationToken);
        if (!ok)
        {
            Assert.Ignore($"mounting a tmpfs is not permitted here (needs root / CAP_SYS_ADMIN): {error}");
        }

        try
        {
            await using var daemon = await store.StartAsync(addUser: true, static o => o.Endpoints.Add("lmtp"), cancellationToken);
            using var smtp = await FaultStore.ConnectSmtpAsync(daemon, cancellationToken);
            var before = FaultStore.NewMessage("before", 4096);
            await smtp.SendAsync(before, cancellationToken);
            using var imap = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            Assert.That(imap.Inbox.Count, Is.EqualTo(1), daemon.Output);

            var refused = Assert.CatchAsync<Exception>(async () => await smtp.SendAsync(FaultStore.NewMessage("too big", TooBig), cancellationToken)) as SmtpCommandException;
            var smtpSurvived = smtp.IsConnected;
            var staged = FaultStore.StagedFiles(store.Inbox).ToList();
            var append = await FaultStore.RawAppendAsync(daemon, "INBOX", FaultStore.NewMessage("too big", TooBig), cancellationToken);
            var stagedAfterAppend = FaultStore.StagedFiles(store.Inbox).ToList();
            var lmtp = await FaultStore.RawLmtpAsync(daemon, FaultStore.NewMessage("too big", TooBig), cancellationToken);
            var stagedAfterLmtp = FaultStore.StagedFiles(store.Inbox).ToList();
            var visible = FaultStore.VisibleFiles(store.Inbox).ToList();
            var read = await imap.Inbox.GetMessageAsync(0, cancellationToken);

            // Only fits if the refused attempts gave their space back.
            using var again = await FaultStore.ConnectSmtpAsync(daemon, cancellationToken);
            var afterwards = await CatchAsync(() => again.SendAsync(FaultStore.NewMessage("after", 512 * 1024), cancellationToken));
            await imap.Inbox.CheckAsync(cancellationToken);
            var files = string.Join("\n", Directory.EnumerateFiles(store.DataPath, "*", SearchOption.AllDirectories)
                .Select(f => $"{new FileInfo(f).Length,9} {Path.GetRelativePath(store.DataPath, f)}"));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(refused?.StatusCode, Is.EqualTo(SmtpStatusCode.InsufficientStorage), daemon.Output);
                Assert.That(refused?.Message, Does.StartWith("4.3.1"));
                Assert.That(append, Does.StartWith("b NO [OVERQUOTA]"), daemon.Output);
                Assert.That(staged, Is.Empty, "SMTP left nothing staged in tmp/");
                Assert.That(stagedAfterAppend, Is.Empty, "APPEND left nothing staged in tmp/");
                Assert.That(lmtp, Does.StartWith("452 4.3.1"), "LMTP answers the recipient 452 4.3.1");
                Assert.That(stagedAfterLmtp, Is.Empty, "LMTP left nothing staged in tmp/");
                Assert.That(visible, Has.Count.EqualTo(1), "nothing partial visible in new/ or cur/");
                Assert.That(read.MessageId, Is.EqualTo(before.MessageId), "reads are still served");
                Assert.That(smtpSurvived, Is.True, "the SMTP session survives a 452:\n" + daemon.Output);
                Assert.That(imap.IsConnected, Is.True, "the reading IMAP session survives");
                Assert.That(afterwards, Is.Null, $"space was given back: a 512 KiB message fits afterwards; files:\n{files}\n{daemon.Output}");
                Assert.That(imap.Inbox.Count, Is.EqualTo(2), "the message that fits is visible");
            }
        }
        finally
        {
            await FaultStore.UnmountAsync(store.DataPath);
        }
    }
}
