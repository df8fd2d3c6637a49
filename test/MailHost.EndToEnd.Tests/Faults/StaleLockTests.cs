using System.Globalization;
using MailKit;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// A <c>dovecot-uidlist.lock</c> left behind by a process that no longer exists (our host name, a PID that cannot be live): it
/// is taken over at once, not waited out for its 120 s stale age. With a lock budget of 500 ms an APPEND that waited would be
/// answered without APPENDUID, and a delivery that could not take the lock would leave its message without a UID.
/// </summary>
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class StaleLockTests
{
    [Test]
    public async Task A_lock_of_a_dead_process_is_taken_over_by_append_and_delivery(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, static o => o.Configuration["Store:Locking:TimeoutMs"] = "500", cancellationToken);
        using var smtp = await FaultStore.ConnectSmtpAsync(daemon, cancellationToken);
        await smtp.SendAsync(FaultStore.NewMessage("creates INBOX", 1024), cancellationToken);
        using var imap = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
        var sent = await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync("Sent", true, cancellationToken)
            ?? throw new InvalidOperationException("CREATE Sent returned no folder");
        var sentPath = Path.Combine(store.Inbox, ".Sent");

        // pid_max itself is never a PID (PIDs run below it), so the owner is certainly dead.
        var deadPid = int.Parse((await File.ReadAllTextAsync("/proc/sys/kernel/pid_max", cancellationToken)).Trim(), CultureInfo.InvariantCulture);
        var deadOwner = $"{deadPid.ToString(CultureInfo.InvariantCulture)}:{Environment.MachineName}";
        var locks = new[] { Path.Combine(sentPath, "dovecot-uidlist.lock"), Path.Combine(store.Inbox, "dovecot-uidlist.lock") };
        foreach (var lockFile in locks)
        {
            await File.WriteAllTextAsync(lockFile, deadOwner, cancellationToken);
        }

        var appended = FaultStore.NewMessage("append over a stale lock", 2048);
        var uid = await sent.AppendAsync(new AppendRequest(appended), cancellationToken);
        var delivered = FaultStore.NewMessage("delivery over a stale lock", 2048);
        await smtp.SendAsync(delivered, cancellationToken);

        // Before any session looks at INBOX: only a delivery that took the lock over can have given its file a UID.
        var deliveredFile = FaultStore.VisibleFiles(store.Inbox).Single(f => File.ReadAllText(f).Contains(delivered.MessageId!, StringComparison.Ordinal));
        var baseName = Path.GetFileName(deliveredFile).Split(':')[0];
        var inboxUidList = await File.ReadAllTextAsync(Path.Combine(store.Inbox, "dovecot-uidlist"), cancellationToken);
        var leftOwners = locks.Where(File.Exists).Select(File.ReadAllText).ToList();

        await sent.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var inSent = await FaultStore.FindAsync(sent, appended.MessageId, cancellationToken);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var inInbox = await FaultStore.FindAsync(imap.Inbox, delivered.MessageId, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(uid, Is.Not.Null, "APPENDUID: the stale lock was taken over within the budget:\n" + daemon.Output);
            Assert.That(inSent, Is.EqualTo(uid is null ? Array.Empty<UniqueId>() : new[] { uid.Value }), "the appended message is there once, under the UID answered");
            Assert.That(inboxUidList, Does.Contain(" :" + baseName), "the delivery gave its message a UID at once");
            Assert.That(inInbox, Has.Count.EqualTo(1), "the delivered message is there once");
            Assert.That(leftOwners, Has.None.EqualTo(deadOwner), "no lock of the dead process is left");
            Assert.That(smtp.IsConnected && imap.IsConnected, Is.True);
        }
    }
}
