using MailKit;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// Another process holds <c>dovecot-uidlist.lock</c> (a foreign <c>pid:host</c>, so never stale for us) longer than the
/// lock budget (<c>Store:Locking:TimeoutMs=500</c>): an IMAP4rev1 APPEND is still committed and answered OK without
/// APPENDUID, the connection stays usable, delivery never waits for the lock, and the UIDs follow once the lock is gone.
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
}
