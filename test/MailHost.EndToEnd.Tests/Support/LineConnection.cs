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

    /// <summary>This client's address and the daemon's, e.g. to find the connection in <c>/proc/net/tcp</c>.</summary>
    public (System.Net.IPEndPoint Local, System.Net.IPEndPoint Remote) EndPoints =>
        ((System.Net.IPEndPoint)client.Client.LocalEndPoint!, (System.Net.IPEndPoint)client.Client.RemoteEndPoint!);

    /// <summary>Connects to <paramref name="endpoint"/>; implicit-TLS endpoints (imaps, submissions) are TLS before the first byte.</summary>
    public static Task<LineConnection> OpenAsync(DaemonProcess daemon, string endpoint, CancellationToken cancellationToken) =>
        OpenAsync(daemon, endpoint, null, cancellationToken);

    /// <summary>As <see cref="OpenAsync(DaemonProcess, string, CancellationToken)"/>, from a chosen local address (127.0.0.2, …).</summary>
    public static async Task<LineConnection> OpenAsync(DaemonProcess daemon, string endpoint, System.Net.IPAddress? localAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        var connection = new LineConnection(await daemon.ConnectAsync(endpoint, localAddress, cancellationToken), daemon);
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

    /// <summary>Writes raw bytes (TLS garbage, NULs, a partial literal).</summary>
    public async Task WriteBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Closes with a TCP RST instead of a FIN (SO_LINGER on, zero timeout): the abrupt end of a crashed client.</summary>
    public void Reset()
    {
        client.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        client.Client.Close();
        client.Dispose();
    }

    /// <summary>
    /// Reads and discards until the server closes (end of stream or reset); returns false if it is still open after
    /// <paramref name="within"/>.
    /// </summary>
    public Task<bool> WaitForCloseAsync(TimeSpan within, CancellationToken cancellationToken) =>
        WaitForCloseAsync(stream, within, cancellationToken);

    /// <summary>As <see cref="WaitForCloseAsync(TimeSpan, CancellationToken)"/>, on any stream (e.g. a TLS stream over the socket).</summary>
    public static async Task<bool> WaitForCloseAsync(Stream stream, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(within);
        var sink = new byte[4096];
        try
        {
            while (await stream.ReadAsync(sink, limit.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        client.Dispose();
    }
}
