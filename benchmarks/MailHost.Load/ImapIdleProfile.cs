using System.Collections.Concurrent;
using System.Diagnostics;

namespace MailHost.Load;

/// <summary>
/// M connections (--concurrency) log in, select INBOX and IDLE. With --server-pid the server's memory is read
/// before and with all of them idle. Then deliveries go out one at a time, round-robin over the users, and each
/// idling connection of the recipient must see <c>* n EXISTS</c>: the time from writing the message's final dot to
/// that line is the notification latency, and a notification later than --notify-timeout is an error.
/// </summary>
internal sealed class ImapIdleProfile : ILoadProfile
{
    private const int SetupParallelism = 32;

    public string PrimaryOperation => "notify";

    public Task PrepareAsync(LoadContext context, CancellationToken cancellationToken) =>
        Preparation.PrepareUsersAsync(context, context.Users.Take(context.Options.Concurrency), context.Options.Seed ?? 0, [], cancellationToken);

    public async Task RunAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        if (options.ServerPid is { } pid)
        {
            var before = ServerMemory.Measure(pid);
            context.Metrics["server_rss_kib_before"] = before.RssKib;
            context.Metrics["server_pss_kib_before"] = before.PssKib;
        }

        var watchers = new ConcurrentBag<IdleWatcher>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Concurrency),
            new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var user = context.Users[index % context.Users.Count];
                try
                {
                    var connection = await context.TimeAsync("idle-setup", async () =>
                    {
                        var opened = await context.OpenImapAsync(user, token);
                        try
                        {
                            (await opened.CommandAsync("SELECT INBOX", token)).EnsureOk("SELECT");
                            await opened.StartIdleAsync(token);
                            return opened;
                        }
                        catch (Exception)
                        {
                            await opened.DisposeAsync();
                            throw;
                        }
                    });
                    var watcher = new IdleWatcher(user, connection);
                    watcher.Start(cancellationToken);
                    watchers.Add(watcher);
                }
                catch (OperationFailedException)
                {
                    // Recorded as an "idle-setup" error; the run goes on with the connections that did open.
                    return;
                }
            });

        context.Metrics["idle_connections"] = watchers.Count;
        try
        {
            // Let the server finish the work a fresh IDLE triggers before its memory is read.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            if (options.ServerPid is { } serverPid)
            {
                var idle = ServerMemory.Measure(serverPid);
                context.Metrics["server_rss_kib_idle"] = idle.RssKib;
                context.Metrics["server_pss_kib_idle"] = idle.PssKib;
                context.Metrics["server_processes"] = idle.Processes;
                if (watchers.Count > 0)
                {
                    context.Metrics["server_rss_kib_per_connection"] = Math.Round((idle.RssKib - context.Metrics["server_rss_kib_before"]) / watchers.Count, 1);
                    context.Metrics["server_pss_kib_per_connection"] = Math.Round((idle.PssKib - context.Metrics["server_pss_kib_before"]) / watchers.Count, 1);
                }
            }

            await DeliverAndWatchAsync(context, [.. watchers], cancellationToken);
        }
        finally
        {
            await Parallel.ForEachAsync(
                watchers,
                new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = CancellationToken.None },
                async (watcher, token) =>
                {
                    try
                    {
                        if (!cancellationToken.IsCancellationRequested)
                        {
                            await context.TimeAsync("idle-done+logout", () => watcher.StopAsync(cancellationToken));
                        }
                    }
                    catch (OperationFailedException)
                    {
                        // Recorded as an error of "idle-done+logout".
                        return;
                    }
                    finally
                    {
                        await watcher.DisposeAsync();
                    }
                });
        }
    }

    private static async Task DeliverAndWatchAsync(LoadContext context, IReadOnlyList<IdleWatcher> watchers, CancellationToken cancellationToken)
    {
        var byUser = watchers.GroupBy(static watcher => watcher.User.Address, StringComparer.Ordinal).ToList();
        if (byUser.Count == 0)
        {
            return;
        }

        var gate = context.CreateGate();
        SmtpConnection? delivery = null;
        var turn = 0;
        try
        {
            while (await gate.TryEnterAsync(cancellationToken))
            {
                var group = byUser[turn++ % byUser.Count];
                var recipient = group.First().User;
                var key = new MailboxKey(recipient.Address, "INBOX");
                var id = context.NextMessageId();
                var message = context.CreateMessage("sender@load.test", recipient.Address, null, id);
                var armed = group.Select(static watcher => (watcher, notified: watcher.Arm())).ToList();
                context.Ledger.Mark(key, id, Presence.Uncertain);
                long written;
                try
                {
                    delivery ??= await context.TimeAsync("connect", () => context.OpenDeliveryAsync(cancellationToken));
                    written = await context.TimeAsync("deliver", () => delivery.DeliverAsync("sender@load.test", [recipient.Address], message, cancellationToken));
                    context.Ledger.Mark(key, id, Presence.Present);
                }
                catch (OperationFailedException)
                {
                    if (delivery is not null)
                    {
                        await delivery.DisposeAsync();
                        delivery = null;
                    }

                    continue;
                }

                foreach (var (watcher, notified) in armed)
                {
                    try
                    {
                        var seen = await notified.WaitAsync(context.Options.NotifyTimeout, cancellationToken);
                        context.Recorder.RecordValue("notify", Stopwatch.GetElapsedTime(written, seen).TotalMilliseconds);
                    }
                    catch (TimeoutException)
                    {
                        context.Recorder.RecordError("notify", watcher.IsReading
                            ? $"no EXISTS for {recipient.Address} within {context.Options.NotifyTimeout.TotalSeconds} s"
                            : $"the IDLE connection of {recipient.Address} was closed");
                    }
                }
            }

            if (delivery is not null)
            {
                await context.TimeAsync("quit", () => delivery.QuitAsync(cancellationToken));
            }
        }
        catch (OperationFailedException)
        {
            // A failed QUIT is already recorded as an error of "quit".
            return;
        }
        finally
        {
            if (delivery is not null)
            {
                await delivery.DisposeAsync();
            }
        }
    }
}
