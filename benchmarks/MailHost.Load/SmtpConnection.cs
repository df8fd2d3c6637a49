using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHost.Load;

/// <summary>
/// A minimal SMTP/LMTP client: one transaction at a time, no pipelining (like Postfix's smtp-source), so each
/// server round trip is part of what is measured. Messages are generated CRLF-terminated with no line starting
/// with a dot, so no dot-stuffing is needed.
/// </summary>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private readonly NetworkStream stream;
    private readonly PipeReader reader;
    private readonly DeliveryProtocol protocol;

    private SmtpConnection(Socket socket, DeliveryProtocol protocol)
    {
        stream = new NetworkStream(socket, ownsSocket: true);
        reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        this.protocol = protocol;
    }

    public static async Task<SmtpConnection> ConnectAsync(IPEndPoint endPoint, DeliveryProtocol protocol, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
        }
        catch (Exception)
        {
            socket.Dispose();
            throw;
        }

        var connection = new SmtpConnection(socket, protocol);
        try
        {
            Expect(await connection.ReadReplyAsync(cancellationToken), 220, "greeting");
            var hello = protocol == DeliveryProtocol.Lmtp ? "LHLO load.test" : "EHLO load.test";
            Expect(await connection.CommandAsync(hello, cancellationToken), 250, hello);
            return connection;
        }
        catch (Exception)
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs one MAIL/RCPT/DATA transaction and returns the <see cref="System.Diagnostics.Stopwatch"/> timestamp taken
    /// just before the message and its terminating dot were written (the moment a delivery "starts" for IDLE latency).
    /// Every recipient must be accepted; with LMTP every per-recipient reply after DATA must be 250.
    /// </summary>
    public async Task<long> DeliverAsync(string from, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        Expect(await CommandAsync($"MAIL FROM:<{from}>", cancellationToken), 250, "MAIL");
        foreach (var recipient in recipients)
        {
            var reply = await CommandAsync($"RCPT TO:<{recipient}>", cancellationToken);
            if (reply.Code is not 250 and not 251)
            {
                throw new LoadException($"RCPT TO:<{recipient}>: {reply.Text}");
            }
        }

        Expect(await CommandAsync("DATA", cancellationToken), 354, "DATA");
        var buffer = ArrayPool<byte>.Shared.Rent(message.Length + 5);
        long started;
        try
        {
            message.Span.CopyTo(buffer);
            ".\r\n"u8.CopyTo(buffer.AsSpan(message.Length));
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            await stream.WriteAsync(buffer.AsMemory(0, message.Length + 3), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var replies = protocol == DeliveryProtocol.Lmtp ? recipients.Count : 1;
        for (var i = 0; i < replies; i++)
        {
            Expect(await ReadReplyAsync(cancellationToken), 250, "end of DATA");
        }

        return started;
    }

    public async Task QuitAsync(CancellationToken cancellationToken) =>
        Expect(await CommandAsync("QUIT", cancellationToken), 221, "QUIT");

    public async ValueTask DisposeAsync()
    {
        await reader.CompleteAsync();
        await stream.DisposeAsync();
    }

    private static void Expect(SmtpReply reply, int code, string what)
    {
        if (reply.Code != code)
        {
            throw new LoadException($"{what}: {reply.Code.ToString(CultureInfo.InvariantCulture)} {reply.Text}");
        }
    }

    private async Task<SmtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    private async Task<SmtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new LoadException($"malformed reply: {line}");
            }

            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, line);
            }
        }
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } position)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, position));
                reader.AdvanceTo(buffer.GetPosition(1, position));
                return line.EndsWith('\r') ? line[..^1] : line;
            }

            if (buffer.Length > 65536)
            {
                throw new LoadException("reply line longer than 64 KiB");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new LoadException("connection closed by the server");
            }
        }
    }
}
