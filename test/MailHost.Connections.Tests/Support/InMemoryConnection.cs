using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections.Tests.Support;

/// <summary>A <see cref="ConnectionContext"/> over two in-memory pipes; the test plays the client on <see cref="Application"/>.</summary>
internal sealed class InMemoryConnection : IAsyncDisposable
{
    private static int s_next;

    public InMemoryConnection(IPAddress? remoteAddress = null)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var transport = new DuplexPipe(clientToServer.Reader, serverToClient.Writer);
        Application = new DuplexPipe(serverToClient.Reader, clientToServer.Writer);
        Context = new DefaultConnectionContext($"test-{Interlocked.Increment(ref s_next)}", transport, Application)
        {
            RemoteEndPoint = new IPEndPoint(remoteAddress ?? IPAddress.Parse("192.0.2.1"), 40000),
        };
    }

    public DefaultConnectionContext Context { get; }

    public IDuplexPipe Application { get; }

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await Application.Output.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
    }

    /// <summary>Reads one CRLF-terminated line the server wrote, or null at end of output.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Application.Input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                var line = Encoding.ASCII.GetString(buffer.Slice(0, end)).TrimEnd('\r');
                Application.Input.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }

            Application.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Everything the server wrote until it completed its output.</summary>
    public async Task<string> ReadToEndAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Application.Input.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                var text = Encoding.ASCII.GetString(result.Buffer);
                Application.Input.AdvanceTo(result.Buffer.End);
                return text;
            }

            Application.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>What the server wrote so far, without waiting.</summary>
    public string ReadAvailable()
    {
        if (!Application.Input.TryRead(out var result))
        {
            return string.Empty;
        }

        var text = Encoding.ASCII.GetString(result.Buffer);
        Application.Input.AdvanceTo(result.Buffer.End);
        return text;
    }

    /// <summary>Runs the server side and completes its output afterwards, as the real listener's dispose does.</summary>
    public async Task RunAsync(ConnectionDelegate pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        try
        {
            await pipeline(Context);
        }
        finally
        {
            await Context.Transport.Output.CompleteAsync();
        }
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
