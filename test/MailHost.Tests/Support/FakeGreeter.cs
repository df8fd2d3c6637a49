using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailHost.Tests.Support;

/// <summary>A loopback TCP server that writes one greeting line (optionally after a TLS handshake, or never) and waits for the client to leave.</summary>
internal sealed class FakeGreeter : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly string? greeting;
    private readonly X509Certificate2? certificate;
    private readonly Task acceptLoop;
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int connections;

    public FakeGreeter(string? greeting, X509Certificate2? certificate = null)
    {
        this.greeting = greeting;
        this.certificate = certificate;
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref connections);

    /// <summary>Completes when the first client has been accepted.</summary>
    public Task Connected => connected.Task;

    /// <summary>A port that nothing listens on: bound to 0, read, released.</summary>
    public static int UnusedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation; nothing else to observe.
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                Interlocked.Increment(ref connections);
                connected.TrySetResult();
                sessions.Add(ServeAsync(client));
            }
        }
        finally
        {
            await Task.WhenAll(sessions);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            try
            {
                if (certificate is not null)
                {
                    var tls = new SslStream(stream);
                    stream = tls;
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping.Token);
                }

                if (greeting is not null)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(greeting + "\r\n"), stopping.Token);
                }

                var buffer = new byte[256];
                while (await stream.ReadAsync(buffer, stopping.Token) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // The client hung up or refused our certificate: that is the client's verdict, which the test asserts.
                return;
            }
            finally
            {
                await stream.DisposeAsync();
            }
        }
    }
}
