using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections.Features;

namespace MailHost.Smtp.Tests.Support;

internal sealed class TestLifetimeFeature : IConnectionLifetimeNotificationFeature, IDisposable
{
    private readonly CancellationTokenSource _closing = new();

    public PipeReader? Input { get; set; }

    public CancellationToken ConnectionClosedRequested
    {
        get => _closing.Token;
        set => throw new NotSupportedException();
    }

    public void RequestClose()
    {
        _closing.Cancel();
        Input!.CancelPendingRead();
    }

    public void Dispose() => _closing.Dispose();
}
