using System.Buffers;
using System.Text;
using MailHost.Connections;
using MailHost.Smtp.Session;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Smtp.Tests.Support;

/// <summary>
/// Runs one real <see cref="SmtpSession"/> over an in-memory connection with test doubles for the accounts and the store;
/// the test plays the client, byte for byte.
/// </summary>
internal sealed class SmtpHarness : IAsyncDisposable
{
    public const string HostName = "mx.example.test";
    public const string ClientName = "client.example.test";
    public const string Date = "Sat, 28 Nov 2026 18:00:00 +0000";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(15));
    private readonly TestMeterFactory _meters = new();

    private SmtpHarness(string endpoint, bool lmtp, bool secure, Action<SmtpOptions>? configure)
    {
        Options = new SmtpOptions { HostName = HostName };
        Options.Domains.Add("example.test");
        configure?.Invoke(Options);
        Accounts.Passwords["alice@example.test"] = "secret";
        Accounts.Passwords["bob@example.test"] = "hunter2";
        Accounts.Passwords["postmaster@example.test"] = "pm";
        Accounts.Passwords["zoë@example.test"] = "umlaut";
        Accounts.Aliases["sales@example.test"] = ["alice@example.test", "bob@example.test"];
        Security.IsSecure = secure;
        if (secure)
        {
            Security.TlsProtocol = "TLSv1.3";
            Security.CipherSuite = "TLS_AES_256_GCM_SHA384";
        }

        Timeout.Input = Connection.Transport.Input;
        Lifetime.Input = Connection.Transport.Input;
        StartTls = new TestStartTlsFeature(Connection.Transport.Input, Connection.Transport.Output, Security);
        var features = Connection.Features;
        features.Set<IMailEndpointFeature>(new TestEndpointFeature(
            endpoint,
            lmtp ? MailProtocol.Lmtp : MailProtocol.Smtp,
            endpoint == "submissions" ? EndpointSecurity.ImplicitTls : EndpointSecurity.StartTls,
            endpoint is "submission" or "submissions"));
        features.Set<IConnectionSecurityFeature>(Security);
        features.Set<IProtocolTimeoutFeature>(Timeout);
        features.Set<Microsoft.AspNetCore.Connections.Features.IConnectionLifetimeNotificationFeature>(Lifetime);
        if (!secure)
        {
            features.Set<IStartTlsFeature>(StartTls);
        }

        var services = new SmtpServices(
            Microsoft.Extensions.Options.Options.Create(Options),
            Accounts,
            Accounts,
            Accounts,
            Store,
            Time,
            new SmtpMetrics(_meters),
            Log);
        Session = RunAsync(new SmtpSession(Connection, services, lmtp));
    }

    public SmtpOptions Options { get; }

    public FakeStore Store { get; } = new();

    public ListLogger Log { get; } = new();

    public FakeAccounts Accounts { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.Zero));

    public TestConnection Connection { get; } = new();

    public TestSecurityFeature Security { get; } = new();

    public TestTimeoutFeature Timeout { get; } = new();

    public TestLifetimeFeature Lifetime { get; } = new();

    public TestStartTlsFeature StartTls { get; }

    public Task Session { get; }

    public int Flushes => Connection.ServerOutput.Flushes;

    /// <summary>Starts a session and reads the greeting.</summary>
    public static async Task<SmtpHarness> StartAsync(string endpoint = "smtp", bool lmtp = false, bool secure = false, Action<SmtpOptions>? configure = null)
    {
        var harness = new SmtpHarness(endpoint, lmtp, secure, configure);
        var greeting = await harness.ReadLineAsync();
        Assert.That(greeting, Is.EqualTo(lmtp ? "220 mx.example.test LMTP MailHost ready" : "220 mx.example.test ESMTP MailHost ready"));
        return harness;
    }

    private async Task RunAsync(SmtpSession session)
    {
        try
        {
            await session.RunAsync();
        }
        finally
        {
            await Connection.ServerOutput.CompleteAsync();
        }
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await Connection.ClientOutput.WriteAsync(bytes, _timeout.Token);
    }

    /// <summary>The client hangs up.</summary>
    public async Task DisconnectAsync() => await Connection.ClientOutput.CompleteAsync();

    /// <summary>One line without CRLF, or null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var input = Connection.ClientInput;
        while (true)
        {
            var result = await input.ReadAsync(_timeout.Token);
            var buffer = result.Buffer;
            var lineFeed = buffer.PositionOf((byte)'\n');
            if (lineFeed is not null)
            {
                var line = buffer.Slice(0, lineFeed.Value);
                var text = Encoding.UTF8.GetString(line.ToArray());
                input.AdvanceTo(buffer.GetPosition(1, lineFeed.Value));
                Assert.That(text, Does.EndWith("\r"), "every reply line ends with CRLF");
                return text.TrimEnd('\r');
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                Assert.That(buffer.IsEmpty, Is.True, "no partial line at close");
                return null;
            }
        }
    }

    /// <summary>Reads <paramref name="replies"/> complete (possibly multi-line) replies.</summary>
    public async Task<string[]> ReadRepliesAsync(int replies)
    {
        var lines = new List<string>();
        while (replies > 0)
        {
            var line = await ReadLineAsync() ?? throw new AssertionException($"connection closed after {string.Join(" | ", lines)}");
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                replies--;
            }
        }

        return [.. lines];
    }

    public async Task<string[]> ExchangeAsync(string send, int replies = 1)
    {
        await SendAsync(send);
        return await ReadRepliesAsync(replies);
    }

    /// <summary>Everything the server still says until it closes.</summary>
    public async Task<string[]> ReadToEndAsync()
    {
        var lines = new List<string>();
        while (await ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        await Session.WaitAsync(_timeout.Token);
        return [.. lines];
    }

    public async Task EhloAsync() => await ExchangeAsync("EHLO " + ClientName + "\r\n");

    /// <summary>EHLO, MAIL and RCPTs, each asserted to succeed.</summary>
    public async Task BeginTransactionAsync(string sender, params string[] recipients)
    {
        await EhloAsync();
        Assert.That(await ExchangeAsync($"MAIL FROM:<{sender}>\r\n"), Is.EqualTo(new[] { "250 2.1.0 Ok" }));
        foreach (var recipient in recipients)
        {
            Assert.That(await ExchangeAsync($"RCPT TO:<{recipient}>\r\n"), Is.EqualTo(new[] { "250 2.1.5 Ok" }));
        }
    }

    /// <summary>The trace headers the session prepends, for a client named <see cref="ClientName"/> on 127.0.0.1.</summary>
    public static string Trace(string sender, string protocol = "ESMTP", string? singleRecipient = null, bool tls = false, string? user = null)
    {
        var builder = new StringBuilder();
        builder.Append("Return-Path: <").Append(sender).Append(">\r\n");
        builder.Append("Received: from ").Append(ClientName).Append(" ([127.0.0.1])\r\n");
        builder.Append("\tby ").Append(HostName).Append(" (MailHost) with ").Append(protocol);
        if (tls)
        {
            builder.Append("\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)");
        }

        if (user is not null)
        {
            builder.Append("\r\n\t(authenticated as ").Append(user).Append(')');
        }

        if (singleRecipient is not null)
        {
            builder.Append("\r\n\tfor <").Append(singleRecipient).Append('>');
        }

        builder.Append(";\r\n\t").Append(Date).Append("\r\n");
        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Session.IsCompleted)
        {
            await Connection.ClientOutput.CompleteAsync();
            await Session.WaitAsync(_timeout.Token);
        }

        Assert.That(Store.Open, Is.Zero, "every staged message is committed or disposed");
        Lifetime.Dispose();
        _meters.Dispose();
        _timeout.Dispose();
        await Connection.DisposeAsync();
    }
}
