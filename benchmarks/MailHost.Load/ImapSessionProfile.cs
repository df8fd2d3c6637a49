namespace MailHost.Load;

/// <summary>Full sessions: connect, login, the <see cref="MailboxWork"/> mix, logout; a new connection every loop.</summary>
internal sealed class ImapSessionProfile : ILoadProfile
{
    public string PrimaryOperation => "session";

    public Task PrepareAsync(LoadContext context, CancellationToken cancellationToken) =>
        Preparation.PrepareUsersAsync(context, context.Users.Take(context.Options.Concurrency), context.Options.Seed ?? 10, [], cancellationToken);

    public async Task RunAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var gate = context.CreateGate();
        var workers = Enumerable.Range(0, context.Options.Concurrency)
            .Select(worker => WorkerAsync(context, gate, context.Users[worker % context.Users.Count], cancellationToken));
        await Task.WhenAll(workers);
    }

    private static async Task WorkerAsync(LoadContext context, LoopGate gate, UserAccount user, CancellationToken cancellationToken)
    {
        while (await gate.TryEnterAsync(cancellationToken))
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            ImapConnection? connection = null;
            try
            {
                connection = await context.TimeAsync("connect", () => ImapConnection.ConnectAsync(context.Options.ImapEndPoint, context.Options.ImapTls, cancellationToken));
                await context.TimeAsync("login", () => connection.LoginAsync(user, cancellationToken));
                await MailboxWork.RunAsync(context, connection, user, cancellationToken);
                await context.TimeAsync("logout", () => connection.LogoutAsync(cancellationToken));
                context.Recorder.Record("session", started);
            }
            catch (OperationFailedException)
            {
                context.Recorder.RecordError("session", "abandoned after a failed operation");
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
}
