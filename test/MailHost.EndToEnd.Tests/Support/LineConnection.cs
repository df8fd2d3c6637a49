using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace MailHost.EndToEnd.Tests.Support;

/// <summary>
/// A raw line-oriented client for byte-level end-to-end checks (greetings, STARTTLS, BYE on shutdown): write exact lines,
/// read exact lines, upgrade to TLS in place.
/// </summary>
public sealed class LineConnection : IAsyncDisposable
{
    private readonly TcpClient client;
    private readonly DaemonProcess daemon;
    private Stream stream;
    private readonly byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    private LineConnection(TcpClient client, DaemonProcess daemon)
    {
        this.client = client;
        this.daemon = daemon;
        stream = client.GetStream();
    }

    public bool IsTls => stream is SslStream;

    /// <summary>Connects to <paramref name="endpoint"/>; implicit-TLS endpoints (imaps, submissions) are TLS before the first byte.</summary>
    public static async Task<LineConnection> OpenAsync(DaemonProcess daemon, string endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        var connection = new LineConnection(await daemon.ConnectAsync(endpoint, cancellationToken), daemon);
        if (endpoint is "imaps" or "submissions")
        {
            await connection.UpgradeToTlsAsync(cancellationToken);
        }

        return connection;
    }

    /// <summary>Performs the client side of a TLS handshake on the open connection (implicit TLS, or after a STARTTLS reply).</summary>
    public async Task UpgradeToTlsAsync(CancellationToken cancellationToken)
    {
        if (start != end)
        {
            throw new InvalidOperationException("plaintext bytes are buffered; the server sent more than its STARTTLS reply");
        }

        var tls = new SslStream(stream, leaveInnerStreamOpen: false, daemon.ValidateServerCertificate);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = "mail.example.test", EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
            cancellationToken);
        stream = tls;
    }

    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Writes bytes exactly as given (e.g. two commands in one packet).</summary>
    public async Task WriteAsync(string raw, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(raw), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one line without its CRLF; null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(buffer, start, newline - start).TrimEnd('\r');
                start = newline + 1;
                return line;
            }

            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                throw new InvalidDataException("line longer than the test client's buffer");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                var rest = end > start ? Encoding.UTF8.GetString(buffer, start, end - start) : null;
                start = end;
                return rest;
            }

            end += read;
        }
    }

    /// <summary>Reads lines until one starts with <paramref name="prefix"/> (e.g. an IMAP tag or "250 "); returns every line read.</summary>
    public async Task<IReadOnlyList<string>> ReadUntilAsync(string prefix, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                break;
            }
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        client.Dispose();
    }
}
