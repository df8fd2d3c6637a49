using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Imap;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// kill -9 of the real executable while 200 clients (100 SMTP, 100 IMAP APPEND, all from 127.0.0.1, so the per-IP limit is
/// raised) deliver in a loop, then a restart on the same data folder: every message that was acknowledged is there exactly once.
/// </summary>
[CancelAfter(90_000)]
[NonParallelizable]
public sealed class CrashRecoveryTests
{
    private const int SmtpClients = 100;
    private const int ImapClients = 100;
    private const int AcknowledgedBeforeKill = 200;

    [Test]
    public async Task Every_acknowledged_message_survives_sigkill_exactly_once(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        var attempted = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var acknowledged = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var killed = false;

        var first = await store.StartAsync(addUser: true, configure: o => o.Configuration["Limits:MaxConnectionsPerIp"] = "250", cancellationToken);
        await using (first)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var workers = Enumerable.Range(0, SmtpClients).Select(i => Task.Run(() => SmtpWorkerAsync(i), cancellationToken))
                .Concat(Enumerable.Range(0, ImapClients).Select(i => Task.Run(() => ImapWorkerAsync(i), cancellationToken)))
                .ToList();

            var deadline = DateTime.UtcNow.AddSeconds(45);
            while (acknowledged.Count < AcknowledgedBeforeKill && DateTime.UtcNow < deadline && workers.Any(w => !w.IsCompleted))
            {
                await Task.WhenAny(Task.WhenAll(workers), Task.Delay(50, cancellationToken));
            }

            Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(AcknowledgedBeforeKill), "clients must have delivered before the kill:\n" + first.Output);
            Volatile.Write(ref killed, true);
            await FaultStore.KillAsync(first, cancellationToken);
            await Task.WhenAll(workers);

            async Task SmtpWorkerAsync(int worker)
            {
                try
                {
                    using var smtp = await FaultStore.ConnectSmtpAsync(first, stop.Token);
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        var message = FaultStore.NewMessage($"smtp {worker}/{n}", 2048 + (n % 7 * 4096));
                        var id = message.MessageId ?? throw new InvalidOperationException("no Message-ID");
                        attempted[id] = 0;
                        await smtp.SendAsync(message, stop.Token);
                        acknowledged[id] = "smtp 250";
                    }
                }
                catch (Exception) when (Volatile.Read(ref killed))
                {
                    // The daemon is gone: whatever was not acknowledged yet may or may not be stored.
                }
            }

            async Task ImapWorkerAsync(int worker)
            {
                try
                {
                    using var imap = await FaultStore.ConnectImapAsync(first, stop.Token);
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        var message = FaultStore.NewMessage($"imap {worker}/{n}", 2048 + (n % 5 * 4096));
                        var id = message.MessageId ?? throw new InvalidOperationException("no Message-ID");
                        attempted[id] = 0;
                        var uid = await imap.Inbox.AppendAsync(new AppendRequest(message), stop.Token);
                        acknowledged[id] = uid is { } u ? $"APPENDUID {u.Id}" : "OK";
                    }
                }
                catch (Exception) when (Volatile.Read(ref killed))
                {
                    // As above.
                }
            }
        }

        // Nothing a reader can see is half-written and nothing is there twice (the files themselves, before any restart sync).
        var visible = new Dictionary<string, int>(StringComparer.Ordinal);
        var torn = new List<string>();
        foreach (var file in FaultStore.VisibleFiles(store.Inbox))
        {
            var (messageId, whole) = await FaultStore.ReadVisibleAsync(file, cancellationToken);
            if (!whole || messageId is null || !attempted.ContainsKey(messageId))
            {
                torn.Add(Path.GetFileName(file));
                continue;
            }

            visible[messageId] = visible.GetValueOrDefault(messageId) + 1;
        }

        await using var second = await store.StartAsync(addUser: false, configure: null, cancellationToken);
        using var reader = await FaultStore.ConnectImapAsync(second, cancellationToken);
        await reader.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var summaries = await reader.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, cancellationToken);
        var byId = summaries.Select(s => s.Envelope?.MessageId).OfType<string>().GroupBy(id => id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missingOnDisk = acknowledged.Keys.Where(id => visible.GetValueOrDefault(id) != 1).ToList();
        var missingInImap = acknowledged.Keys.Where(id => byId.GetValueOrDefault(id) != 1).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(torn, Is.Empty, "half-written or foreign files visible in new/ or cur/");
            Assert.That(missingOnDisk, Is.Empty, $"acknowledged messages not exactly once on disk ({acknowledged.Count} acknowledged)");
            Assert.That(visible.Values, Is.All.EqualTo(1), "a message stored twice");
            Assert.That(summaries.Select(s => s.UniqueId.Id), Is.Unique, "UIDs after restart");
            Assert.That(summaries, Has.Count.EqualTo(visible.Values.Sum()), "IMAP shows every visible file once:\n" + second.Output);
            Assert.That(missingInImap, Is.Empty, "acknowledged messages not exactly once through IMAP");
            Assert.That(reader.Inbox.UidNext?.Id ?? 0, Is.GreaterThan(summaries.Count == 0 ? 0 : summaries.Max(s => s.UniqueId.Id)));
        }
    }
}
