namespace MailHost.Load;

/// <summary>
/// SMTP or LMTP deliveries, one recipient each, round-robin over the users, from N workers that each keep one
/// connection and run one transaction after another.
/// </summary>
internal sealed class DeliverProfile : ILoadProfile
{
    private long nextRecipient;

    public string PrimaryOperation => "deliver";

    public Task PrepareAsync(LoadContext context, CancellationToken cancellationToken) =>
        Preparation.PrepareUsersAsync(context, context.Users, context.Options.Seed ?? 0, [], cancellationToken);

    public async Task RunAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, context.Options.Concurrency)
            .Select(_ => context.TryOpenAsync("connect", () => context.OpenDeliveryAsync(cancellationToken))));

        // The clock starts once every worker is connected, as an MTA's connection cache would be.
        context.Recorder.Start();
        var gate = context.CreateGate();
        await Task.WhenAll(connections.Select(connection => WorkerAsync(context, gate, connection, cancellationToken)));
    }

    private async Task WorkerAsync(LoadContext context, LoopGate gate, SmtpConnection? connection, CancellationToken cancellationToken)
    {
        try
        {
            while (await gate.TryEnterAsync(cancellationToken))
            {
                var recipient = context.Users[(int)(Interlocked.Increment(ref nextRecipient) % context.Users.Count)];
                var key = new MailboxKey(recipient.Address, "INBOX");
                var id = context.NextMessageId();
                var message = context.CreateMessage("sender@load.test", recipient.Address, null, id);
                context.Ledger.Mark(key, id, Presence.Uncertain);
                try
                {
                    connection ??= await context.TimeAsync("connect", () => context.OpenDeliveryAsync(cancellationToken));
                    await context.TimeAsync("deliver", () => connection.DeliverAsync("sender@load.test", [recipient.Address], message, cancellationToken));
                    context.Ledger.Mark(key, id, Presence.Present);
                }
                catch (OperationFailedException)
                {
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
            }

            if (connection is not null)
            {
                await context.TimeAsync("quit", () => connection.QuitAsync(cancellationToken));
            }
        }
        catch (OperationFailedException)
        {
            // A failed QUIT is already recorded as an error of "quit".
            return;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
