using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using MailHost.Connections;
using MailHost.Imap.Session;
using MailHost.Store;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailHost.Imap.Tests.Fakes;

/// <summary>Sessions over real loopback sockets (ephemeral port) for command-line clients; the store is the in-memory fake.</summary>
internal sealed class LoopbackImapServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Task _accept;

    public LoopbackImapServer(IMailStore store)
    {
        Store = store;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public IMailStore Store { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_sessions)
            {
                _sessions.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var transport = new DuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
        var context = new DefaultConnectionContext(Guid.NewGuid().ToString("N"), transport, transport) { RemoteEndPoint = socket.RemoteEndPoint };
        context.Features.Set<IConnectionSecurityFeature>(new FakeSecurityFeature { IsSecure = true });
        await using var session = new ImapSession(context, new ImapOptions { HostName = "loopback", AppendLimit = 100000 }, Store, new FakeAuthenticator(),
            new FakeSaslMechanisms(), NullLogger.Instance, new ImapMetrics(), TimeProvider.System);
        await session.RunAsync();
        await transport.Output.CompleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
