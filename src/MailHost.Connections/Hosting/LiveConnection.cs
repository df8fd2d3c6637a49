using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections.Hosting;

/// <summary>A connection the listener is running, so shutdown can ask it to close, wait for it, and abort it.</summary>
internal sealed class LiveConnection(ConnectionContext context, ConnectionLifetimeNotificationFeature lifetime)
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConnectionContext Context { get; } = context;

    public ConnectionLifetimeNotificationFeature Lifetime { get; } = lifetime;

    public Task Completion => _completed.Task;

    public void MarkCompleted() => _completed.TrySetResult();
}
