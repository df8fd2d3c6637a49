using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailHost.Connections.Tests.Support;

/// <summary>A byte-level line client over TCP that can switch to TLS (implicit or after STARTTLS).</summary>
internal sealed class TestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;

    private TestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public X509Certificate2? ServerCertificate { get; private set; }

    public SslProtocols? TlsProtocol { get; private set; }

    public static async Task<TestClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return new TestClient(tcp);
    }

    /// <summary>Handshakes as a client that accepts any certificate (the server's is self-signed) and remembers it.</summary>
    public async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "mail.test",
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    ServerCertificate = certificate is null ? null : new X509Certificate2(certificate);
                    return true;
                },
            },
            cancellationToken);
        TlsProtocol = ssl.SslProtocol;
        _stream = ssl;
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one line byte by byte (so no TLS bytes are buffered away before an upgrade); null at end of stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            var read = await _stream.ReadAsync(one, cancellationToken);
            if (read == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }
    }

    /// <summary>Number of bytes the server sends until it closes; a reset counts as closed.</summary>
    public async Task<int> CountBytesUntilClosedAsync(CancellationToken cancellationToken) =>
        (await ReadUntilClosedAsync(cancellationToken)).Length;

    /// <summary>Bytes the server sends until it closes; a reset counts as closed.</summary>
    public async Task<byte[]> ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException exception) when (exception.InnerException is SocketException)
        {
            return received.ToArray();
        }

        return received.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
