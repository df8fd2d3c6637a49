using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace MailHost.Smtp.Tests.Support;

/// <summary>An in-memory duplex connection: the test writes to <see cref="ClientOutput"/> and reads <see cref="ClientInput"/>.</summary>
internal sealed class TestConnection : ConnectionContext
{
    private readonly CancellationTokenSource _closed = new();

    public TestConnection()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        ServerOutput = new CountingPipeWriter(toClient.Writer);
        Transport = new DuplexPipe(toServer.Reader, ServerOutput);
        ClientOutput = toServer.Writer;
        ClientInput = toClient.Reader;
        RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 50000);
    }

    public CountingPipeWriter ServerOutput { get; }

    public PipeWriter ClientOutput { get; }

    public PipeReader ClientInput { get; }

    public override string ConnectionId { get; set; } = "test-connection";

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed
    {
        get => _closed.Token;
        set => throw new NotSupportedException();
    }

    public override void Abort(ConnectionAbortedException abortReason) => _closed.Cancel();

    public override ValueTask DisposeAsync()
    {
        _closed.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
