using System.Diagnostics;

namespace MailHost.Load;

/// <summary>One connection in IDLE: reads the server's lines and stamps the arrival of each EXISTS for whoever armed it.</summary>
internal sealed class IdleWatcher(UserAccount user, ImapConnection connection)
{
    private TaskCompletionSource<long>? waiter;
    private Task<ImapResponse>? loop;

    public UserAccount User { get; } = user;

    public bool IsReading => loop is { IsCompleted: false };

    public void Start(CancellationToken cancellationToken) =>
        loop = connection.ReadIdleAsync(OnExists, cancellationToken);

    /// <summary>Returns a task completed with the <see cref="Stopwatch"/> timestamp of the next EXISTS; arm before delivering.</summary>
    public Task<long> Arm()
    {
        var next = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref waiter, next);
        return next.Task;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var reading = loop ?? throw new InvalidOperationException("not started");
        await connection.SendDoneAsync(cancellationToken);
        (await reading.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken)).EnsureOk("IDLE");
        await connection.LogoutAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private void OnExists(long exists)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref waiter, null)?.TrySetResult(now);
    }
}
