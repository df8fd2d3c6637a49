namespace MailHost.Load;

/// <summary>
/// The scenario MailHost exists for: alice sends to bob with herself on CC, so the message is delivered (SMTP/LMTP)
/// into bob's and alice's INBOX while alice's client APPENDs the same message to her Sent folder, at the same time.
/// Worker i is alice = user i, bob = user i+1 (mod the user count), so with few users and many workers every
/// mailbox sees concurrent deliveries and appends.
/// </summary>
internal sealed class SentCopyProfile : ILoadProfile
{
    private const string Sent = "Sent";

    public string PrimaryOperation => "sent-copy";

    public Task PrepareAsync(LoadContext context, CancellationToken cancellationToken)
    {
        if (context.Users.Count < 2)
        {
            throw new ArgumentException("sent-copy needs at least two users");
        }

        return Preparation.PrepareUsersAsync(context, context.Users, context.Options.Seed ?? 0, [Sent], cancellationToken);
    }

    public async Task RunAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var workers = Enumerable.Range(0, context.Options.Concurrency).ToList();
        var imaps = await Task.WhenAll(workers.Select(worker =>
            context.TryOpenAsync("imap-connect", () => context.OpenImapAsync(context.Users[worker % context.Users.Count], cancellationToken))));
        var deliveries = await Task.WhenAll(workers.Select(_ => context.TryOpenAsync("smtp-connect", () => context.OpenDeliveryAsync(cancellationToken))));

        // The clock starts once every worker is connected: a mail client and an MTA both keep their connections.
        context.Recorder.Start();
        var gate = context.CreateGate();
        await Task.WhenAll(workers.Select(worker => WorkerAsync(context, gate, worker, imaps[worker], deliveries[worker], cancellationToken)));
    }

    private static async Task WorkerAsync(
        LoadContext context, LoopGate gate, int worker, ImapConnection? imap, SmtpConnection? delivery, CancellationToken cancellationToken)
    {
        var alice = context.Users[worker % context.Users.Count];
        var bob = context.Users[(worker + 1) % context.Users.Count];
        try
        {
            while (await gate.TryEnterAsync(cancellationToken))
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var id = context.NextMessageId();
                var message = context.CreateMessage(alice.Address, bob.Address, alice.Address, id);
                MailboxKey[] keys = [new(bob.Address, "INBOX"), new(alice.Address, "INBOX"), new(alice.Address, Sent)];
                foreach (var key in keys)
                {
                    context.Ledger.Mark(key, id, Presence.Uncertain);
                }

                try
                {
                    imap ??= await context.TimeAsync("imap-connect", () => context.OpenImapAsync(alice, cancellationToken));
                    delivery ??= await context.TimeAsync("smtp-connect", () => context.OpenDeliveryAsync(cancellationToken));
                    var deliver = context.TimeAsync("deliver", () => delivery.DeliverAsync(alice.Address, [bob.Address, alice.Address], message, cancellationToken));
                    var append = context.TimeAsync("append", async () =>
                        (await imap.AppendAsync(Sent, "\\Seen", message, cancellationToken)).EnsureOk("APPEND Sent"));
                    await WhenBothAsync(deliver, append);
                    foreach (var key in keys)
                    {
                        context.Ledger.Mark(key, id, Presence.Present);
                    }

                    context.Recorder.Record("sent-copy", started);
                }
                catch (OperationFailedException)
                {
                    context.Recorder.RecordError("sent-copy", "abandoned after a failed delivery or append; reconnecting");
                    if (imap is not null)
                    {
                        await imap.DisposeAsync();
                        imap = null;
                    }

                    if (delivery is not null)
                    {
                        await delivery.DisposeAsync();
                        delivery = null;
                    }
                }
            }

            if (delivery is not null)
            {
                await context.TimeAsync("quit", () => delivery.QuitAsync(cancellationToken));
            }

            if (imap is not null)
            {
                await context.TimeAsync("logout", () => imap.LogoutAsync(cancellationToken));
            }
        }
        catch (OperationFailedException)
        {
            // A failed QUIT or LOGOUT is already recorded under its own name.
            return;
        }
        finally
        {
            if (imap is not null)
            {
                await imap.DisposeAsync();
            }

            if (delivery is not null)
            {
                await delivery.DisposeAsync();
            }
        }
    }

    /// <summary>Waits for both halves even when one fails, so a connection is never reused while the other half still runs on it.</summary>
    private static async Task WhenBothAsync(Task first, Task second)
    {
        try
        {
            await first;
        }
        finally
        {
            await second;
        }
    }
}
