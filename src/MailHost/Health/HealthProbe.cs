using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using MailHost.Connections;

namespace MailHost.Health;

/// <summary>
/// Connects to an endpoint on loopback (TLS first for implicit-TLS endpoints) and checks the greeting:
/// <c>* OK</c> for IMAP, <c>220</c> for SMTP and LMTP, within the timeout.
/// </summary>
internal sealed class HealthProbe(CertificatePins pins, string tlsHostName, TimeProvider timeProvider)
{
    private const int MaximumGreetingBytes = 1024;

    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(5);

    public async Task<HealthResult> ProbeAsync(ProbeTarget endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var target = endpoint.EndPoint.ToString();
        if (endpoint.EndPoint.Port == 0)
        {
            return new HealthResult(endpoint.Name, target, false, "port 0 is assigned at start-up and cannot be probed");
        }

        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var client = new TcpClient(endpoint.EndPoint.AddressFamily);
            await client.ConnectAsync(endpoint.EndPoint, linked.Token);
            Stream stream = client.GetStream();
            if (endpoint.Security == EndpointSecurity.ImplicitTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, pins.Validate);
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions { TargetHost = tlsHostName, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
                    linked.Token);
            }

            await using (stream)
            {
                var greeting = await ReadLineAsync(stream, linked.Token);
                var healthy = IsGreeting(endpoint.Protocol, greeting);
                if (healthy)
                {
                    await SayGoodbyeAsync(stream, endpoint.Protocol, linked.Token);
                }

                return new HealthResult(endpoint.Name, target, healthy, healthy ? Shorten(greeting) : $"unexpected greeting '{Shorten(greeting)}'");
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HealthResult(endpoint.Name, target, false, $"no greeting within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            return new HealthResult(endpoint.Name, target, false, $"cannot connect: {e.Message}");
        }
        catch (AuthenticationException e)
        {
            return new HealthResult(endpoint.Name, target, false, $"TLS handshake failed: {e.Message}");
        }
        catch (IOException e)
        {
            return new HealthResult(endpoint.Name, target, false, $"connection failed: {e.Message}");
        }
    }

    internal static bool IsGreeting(MailProtocol protocol, string line) => protocol switch
    {
        MailProtocol.Imap => line.StartsWith("* OK", StringComparison.OrdinalIgnoreCase),
        _ => line.Length >= 3 && line.StartsWith("220", StringComparison.Ordinal) && (line.Length == 3 || line[3] is ' ' or '-'),
    };

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaximumGreetingBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', length, read);
            length += read;
            if (newline >= 0)
            {
                length = newline;
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, length).TrimEnd('\r');
    }

    private static async Task SayGoodbyeAsync(Stream stream, MailProtocol protocol, CancellationToken cancellationToken)
    {
        var goodbye = protocol == MailProtocol.Imap ? "h LOGOUT\r\n"u8.ToArray() : "QUIT\r\n"u8.ToArray();
        try
        {
            await stream.WriteAsync(goodbye, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // The goodbye only spares the server a "connection reset" log line; the greeting already proved it healthy.
            return;
        }
    }

    private static string Shorten(string line) => line.Length <= 72 ? line : string.Concat(line.AsSpan(0, 72), "…");
}
