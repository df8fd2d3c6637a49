using MailKit;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// Another process holds <c>dovecot-uidlist.lock</c> (a foreign <c>pid:host</c>, so never stale for us) longer than the
/// lock budget (<c>Store:Locking:TimeoutMs=500</c>): an IMAP4rev1 APPEND is still committed and answered OK without
/// APPENDUID, the connection stays usable, delivery (SMTP and LMTP) never waits for the lock, and the UIDs follow once the lock
/// is gone; an IMAP4rev2 APPEND, which must answer APPENDUID, gets <c>NO [INUSE]</c> and nothing is committed or left staged.
/// </summary>
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class ForeignLockTests
{
    [Test]
    public async Task Append_gets_ok_without_appenduid_and_delivery_succeeds_while_another_process_holds_the_lock(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, o => o.Configuration["Store:Locking:TimeoutMs"] = "500", cancellationToken);
        using var imap = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
        IMailFolder sent;
        try
        {
            sent = await imap.GetFolderAsync("Sent", cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            sent = await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync("Sent", true, cancellationToken)
                ?? throw new InvalidOperationException("CREATE Sent returned no folder");
        }

        using var smtp = await FaultStore.ConnectSmtpAsync(daemon, cancellationToken);
        await smtp.SendAsync(FaultStore.NewMessage("creates INBOX", 1024), cancellationToken);

        var sentPath = Path.Combine(store.Inbox, ".Sent");
        Assert.That(Directory.Exists(sentPath), Is.True, "Sent is the Maildir++ folder .Sent");
        var locks = new[] { Path.Combine(sentPath, "dovecot-uidlist.lock"), Path.Combine(store.Inbox, "dovecot-uidlist.lock") };
        foreach (var lockFile in locks)
        {
            await File.WriteAllTextAsync(lockFile, "99999:another-host.example.test", cancellationToken);
        }

        var appended = FaultStore.NewMessage("append under a foreign lock", 2048);
        var uid = await sent.AppendAsync(new AppendRequest(appended), cancellationToken);
        await imap.NoOpAsync(cancellationToken);
        var delivered = FaultStore.NewMessage("delivery under a foreign lock", 2048);
        await smtp.SendAsync(delivered, cancellationToken);
        var committedWhileLocked = FaultStore.VisibleFiles(sentPath).Count();
        var locksStillThere = locks.All(File.Exists);

        foreach (var lockFile in locks)
        {
            File.Delete(lockFile);
        }

        await sent.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var inSent = await FaultStore.FindAsync(sent, appended.MessageId, cancellationToken);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var inInbox = await FaultStore.FindAsync(imap.Inbox, delivered.MessageId, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(uid, Is.Null, "OK without APPENDUID when the lock budget runs out (IMAP4rev1):\n" + daemon.Output);
            Assert.That(imap.IsConnected, Is.True, "no path closes the connection because of a lock");
            Assert.That(locksStillThere, Is.True, "the foreign locks were respected, not broken");
            Assert.That(committedWhileLocked, Is.EqualTo(1), "the appended message was committed to .Sent while locked");
            Assert.That(inSent, Has.Count.EqualTo(1), "after the lock is gone the appended message has a UID");
            Assert.That(inSent.Select(u => u.Id), Is.All.GreaterThan(0u));
            Assert.That(inInbox, Has.Count.EqualTo(1), "the delivery made while INBOX was locked is there with a UID");
        }
    }

    [Test]
    public async Task Rev2_append_gets_no_inuse_and_commits_nothing_while_lmtp_delivery_succeeds(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(
            addUser: true,
            static o =>
            {
                o.Configuration["Store:Locking:TimeoutMs"] = "500";
                o.Endpoints.Add("lmtp");
            },
            cancellationToken);
        using var smtp = await FaultStore.ConnectSmtpAsync(daemon, cancellationToken);
        await smtp.SendAsync(FaultStore.NewMessage("creates INBOX", 1024), cancellationToken);
        var lockFile = Path.Combine(store.Inbox, "dovecot-uidlist.lock");
        await File.WriteAllTextAsync(lockFile, "99999:another-host.example.test", cancellationToken);
        var visibleBefore = FaultStore.VisibleFiles(store.Inbox).ToList();

        var refused = FaultStore.NewMessage("rev2 append under a foreign lock", 2048);
        var append = await FaultStore.RawAppendAsync(daemon, "INBOX", refused, rev2: true, cancellationToken);
        var visibleAfterAppend = FaultStore.VisibleFiles(store.Inbox).ToList();
        var staged = FaultStore.StagedFiles(store.Inbox).ToList();
        var delivered = FaultStore.NewMessage("lmtp under a foreign lock", 2048);
        var lmtp = await FaultStore.RawLmtpAsync(daemon, delivered, cancellationToken);
        var lockStillThere = File.Exists(lockFile);
        File.Delete(lockFile);

        // The client still holds the refused message and retries once the lock is free.
        var retried = await FaultStore.RawAppendAsync(daemon, "INBOX", refused, rev2: true, cancellationToken);
        using var imap = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var inbox = await FaultStore.FindAsync(imap.Inbox, refused.MessageId, cancellationToken);
        var lmtpInInbox = await FaultStore.FindAsync(imap.Inbox, delivered.MessageId, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(append, Does.StartWith("b NO [INUSE] "), daemon.Output);
            Assert.That(visibleAfterAppend, Is.EquivalentTo(visibleBefore), "the refused APPEND committed nothing");
            Assert.That(staged, Is.Empty, "and left nothing staged in tmp/");
            Assert.That(lockStillThere, Is.True, "the foreign lock was respected");
            Assert.That(lmtp, Does.StartWith("250 2.1.5"), "LMTP delivery never waits for the lock:\n" + daemon.Output);
            Assert.That(retried, Does.Match(@"^b OK \[APPENDUID \d+ \d+\]"), "the retry succeeds once the lock is gone");
            Assert.That(inbox, Has.Count.EqualTo(1), "the message is there once, from the retry");
            Assert.That(lmtpInInbox, Has.Count.EqualTo(1), "the LMTP delivery is there with a UID");
        }
    }
}
