namespace MailHost.Load;

/// <summary>The <see cref="MailboxWork"/> mix in a loop over one logged-in connection per worker (reconnects only after an error).</summary>
internal sealed class ImapPersistentProfile : ILoadProfile
{
    public string PrimaryOperation => "loop";

    public Task PrepareAsync(LoadContext context, CancellationToken cancellationToken) =>
        Preparation.PrepareUsersAsync(context, context.Users.Take(context.Options.Concurrency), context.Options.Seed ?? 10, [], cancellationToken);

    public async Task RunAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var users = Enumerable.Range(0, context.Options.Concurrency).Select(worker => context.Users[worker % context.Users.Count]).ToList();
        var connections = await Task.WhenAll(users.Select(user => context.TryOpenAsync("connect+login", () => context.OpenImapAsync(user, cancellationToken))));

        // The clock starts once every worker is connected: a persistent client pays its login once, not per loop.
        context.Recorder.Start();
        var gate = context.CreateGate();
        await Task.WhenAll(users.Select((user, worker) => WorkerAsync(context, gate, user, connections[worker], cancellationToken)));
    }

    private static async Task WorkerAsync(LoadContext context, LoopGate gate, UserAccount user, ImapConnection? connection, CancellationToken cancellationToken)
    {
        try
        {
            while (await gate.TryEnterAsync(cancellationToken))
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    connection ??= await context.TimeAsync("connect+login", () => context.OpenImapAsync(user, cancellationToken));
                    await MailboxWork.RunAsync(context, connection, user, cancellationToken);
                    context.Recorder.Record("loop", started);
                }
                catch (OperationFailedException)
                {
                    context.Recorder.RecordError("loop", "abandoned after a failed operation; reconnecting");
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
            }

            if (connection is not null)
            {
                await context.TimeAsync("logout", () => connection.LogoutAsync(cancellationToken));
            }
        }
        catch (OperationFailedException)
        {
            // The failed LOGOUT is already recorded as an error of "logout".
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
