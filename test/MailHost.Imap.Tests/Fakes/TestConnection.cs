using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using MailHost.Connections;
using MailHost.Imap.Messages;
using MailHost.Imap.Session;
using MailHost.Store;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Imap.Tests.Fakes;

/// <summary>
/// A session over in-memory pipes: the test is the client, writing raw bytes and reading raw server lines. Reads have a
/// deadline so a missing reply fails the test instead of hanging it.
/// </summary>
internal sealed class TestConnection : IAsyncDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly Task _session;
    private readonly IMailStore? _backingStore;
    private readonly ImapMessageCache? _messageCache;

    public TestConnection(FakeMailStore? store = null, ImapOptions? options = null, bool secure = true, Action<TestConnection>? configure = null, IMailStore? backingStore = null, ImapMessageCache? messageCache = null)
    {
        _backingStore = backingStore;
        _messageCache = messageCache;
        Store = store ?? new FakeMailStore();
        Options = options ?? new ImapOptions { HostName = "mail.example.com", MaxLineLength = 8192, AppendLimit = 100000, MaxLiteralDiscard = 50000 };
        Context = new DefaultConnectionContext("test", new DuplexPipe(_toServer.Reader, _toClient.Writer), new DuplexPipe(_toClient.Reader, _toServer.Writer))
        {
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40000),
        };
        Security = new FakeSecurityFeature { IsSecure = secure };
        Timeout = new FakeTimeoutFeature(Context);
        StartTls = new FakeStartTlsFeature(this);
        Context.Features.Set<IConnectionSecurityFeature>(Security);
        Context.Features.Set<IProtocolTimeoutFeature>(Timeout);
        Context.Features.Set<IStartTlsFeature>(StartTls);
        configure?.Invoke(this);
        _session = RunAsync();
    }

    public FakeMailStore Store { get; }

    public ImapOptions Options { get; }

    public DefaultConnectionContext Context { get; }

    public FakeSecurityFeature Security { get; }

    public FakeTimeoutFeature Timeout { get; }

    public FakeStartTlsFeature StartTls { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public Task Session => _session;

    private async Task RunAsync()
    {
        await Task.Yield();
        await using var session = new ImapSession(Context, Options, _backingStore ?? Store, new FakeAuthenticator(), new FakeSaslMechanisms(), NullLogger.Instance,
            new ImapMetrics(), Time, _messageCache);
        try
        {
            await session.RunAsync();
        }
        finally
        {
            await _toClient.Writer.CompleteAsync();
        }
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _toServer.Writer.WriteAsync(bytes);
    }

    public async Task CloseAsync() => await _toServer.Writer.CompleteAsync();

    /// <summary>Next line without its CRLF, or null when the server closed.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reader = _toClient.Reader;
        while (true)
        {
            var result = await reader.ReadAsync(deadline.Token);
            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is { } position)
            {
                var line = buffer.Slice(0, position);
                var text = Encoding.UTF8.GetString(line).TrimEnd('\r');
                reader.AdvanceTo(buffer.GetPosition(1, position));
                return text;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Reads lines up to and including the tagged reply for <paramref name="tag"/>.</summary>
    public async Task<List<string>> ReadUntilTaggedAsync(string tag)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new InvalidOperationException("Server closed before tagged reply " + tag + "; got " + string.Join(" | ", lines));
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return lines;
            }
        }
    }

    /// <summary>Sends one command line and returns every line through its tagged reply.</summary>
    public async Task<List<string>> CommandAsync(string tag, string command)
    {
        await SendAsync(tag + " " + command + "\r\n");
        return await ReadUntilTaggedAsync(tag);
    }

    public async Task<string> GreetingAsync() => await ReadLineAsync() ?? throw new InvalidOperationException("no greeting");

    /// <summary>Reads the greeting and logs in as alice@example.com.</summary>
    public async Task LoginAsync()
    {
        await GreetingAsync();
        var reply = await CommandAsync("L0", "LOGIN alice@example.com " + FakeAuthenticator.Password);
        if (!reply[^1].StartsWith("L0 OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("login failed: " + reply[^1]);
        }
    }

    public async Task SelectInboxAsync()
    {
        await LoginAsync();
        var reply = await CommandAsync("S0", "SELECT INBOX");
        if (!reply[^1].StartsWith("S0 OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("select failed: " + reply[^1]);
        }
    }

    /// <summary>The client side as a stream for a real client library; do not mix with the line helpers.</summary>
    public Stream ClientStream() => new PipeStream(_toClient.Reader, _toServer.Writer);

    public FakeAccount Alice => Store.Account("example.com", "alice");

    public async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _session.WaitAsync(deadline.Token);
    }
}
