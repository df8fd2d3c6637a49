using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace MailHost.Load;

/// <summary>
/// A deliberately thin IMAP client over a socket and a <see cref="PipeReader"/>. A full client library would parse
/// every response into objects and, on two shared cores, take CPU away from the server it measures; this one only
/// splits lines, collects literals and notes EXISTS and CAPABILITY.
/// </summary>
internal sealed class ImapConnection : IAsyncDisposable
{
    private const int MaxLineLength = 1 << 20;

    private readonly Stream stream;
    private readonly PipeReader reader;
    private readonly HashSet<string> capabilities = new(StringComparer.OrdinalIgnoreCase);
    private int nextTag;
    private string? idleTag;

    private ImapConnection(Stream stream)
    {
        this.stream = stream;
        reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
    }

    /// <summary>The last <c>* n EXISTS</c> the server reported.</summary>
    public long Exists { get; private set; }

    public bool HasCapability(string name) => capabilities.Contains(name);

    /// <summary>Connects, with implicit TLS when <paramref name="tls"/> is set, and reads the greeting.</summary>
    public static async Task<ImapConnection> ConnectAsync(IPEndPoint endPoint, bool tls, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream transport;
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            transport = new NetworkStream(socket, ownsSocket: true);
        }
        catch (Exception)
        {
            socket.Dispose();
            throw;
        }

        if (tls)
        {
            var secure = new SslStream(transport, leaveInnerStreamOpen: false);
            try
            {
                await secure.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = AcceptLoopbackCertificate },
                    cancellationToken);
            }
            catch (Exception)
            {
                await secure.DisposeAsync();
                throw;
            }

            transport = secure;
        }

        var connection = new ImapConnection(transport);
        try
        {
            var greeting = await connection.ReadLineAsync(cancellationToken);
            if (!greeting.Text.StartsWith("* OK", StringComparison.OrdinalIgnoreCase))
            {
                throw new LoadException($"greeting: {greeting.Text}");
            }

            connection.NoteCapabilities(greeting.Text);
            return connection;
        }
        catch (Exception)
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task LoginAsync(UserAccount user, CancellationToken cancellationToken)
    {
        var response = await CommandAsync($"LOGIN {Quote(user.Address)} {Quote(user.Password)}", cancellationToken);
        response.EnsureOk("LOGIN");
        NoteCapabilities(response.Text);
        if (capabilities.Count == 0 || !response.Text.Contains("[CAPABILITY", StringComparison.OrdinalIgnoreCase))
        {
            // Capabilities change after login; ask once when the server did not volunteer them.
            (await CommandAsync("CAPABILITY", cancellationToken)).EnsureOk("CAPABILITY");
        }
    }

    public async Task<ImapResponse> CommandAsync(string command, CancellationToken cancellationToken)
    {
        var tag = NextTag();
        await WriteAsync(Encoding.UTF8.GetBytes($"{tag} {command}\r\n"), cancellationToken);
        return await ReadResponseAsync(tag, cancellationToken);
    }

    /// <summary>APPEND with LITERAL+ when the server offers it (as MailKit and Thunderbird do), else a synchronising literal.</summary>
    public async Task<ImapResponse> AppendAsync(string mailbox, string flags, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var tag = NextTag();
        var nonSync = capabilities.Contains("LITERAL+");
        var header = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{tag} APPEND {Quote(mailbox)}{(flags.Length > 0 ? $" ({flags})" : string.Empty)} {{{message.Length}{(nonSync ? "+" : string.Empty)}}}\r\n"));
        if (!nonSync)
        {
            await WriteAsync(header, cancellationToken);
            while (true)
            {
                var line = await ReadLineAsync(cancellationToken);
                if (line.Text.StartsWith('+'))
                {
                    break;
                }

                if (line.Text.StartsWith(tag + " ", StringComparison.Ordinal))
                {
                    return Completion(line.Text, tag, []);
                }

                Observe(line.Text);
            }

            header = [];
        }

        var buffer = ArrayPool<byte>.Shared.Rent(header.Length + message.Length + 2);
        try
        {
            header.CopyTo(buffer, 0);
            message.Span.CopyTo(buffer.AsSpan(header.Length));
            buffer[header.Length + message.Length] = (byte)'\r';
            buffer[header.Length + message.Length + 1] = (byte)'\n';
            await WriteAsync(buffer.AsMemory(0, header.Length + message.Length + 2), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return await ReadResponseAsync(tag, cancellationToken);
    }

    public async Task StartIdleAsync(CancellationToken cancellationToken)
    {
        var tag = NextTag();
        await WriteAsync(Encoding.ASCII.GetBytes($"{tag} IDLE\r\n"), cancellationToken);
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Text.StartsWith('+'))
            {
                idleTag = tag;
                return;
            }

            if (line.Text.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                throw new LoadException($"IDLE: {line.Text}");
            }

            Observe(line.Text);
        }
    }

    /// <summary>
    /// Reads while idling and calls <paramref name="onExists"/> with each new EXISTS count, until the server completes
    /// the IDLE (after <see cref="SendDoneAsync"/>). Only this loop reads while idling; DONE is written from elsewhere.
    /// </summary>
    public async Task<ImapResponse> ReadIdleAsync(Action<long> onExists, CancellationToken cancellationToken)
    {
        var tag = idleTag ?? throw new InvalidOperationException("not idling");
        var untagged = new List<ImapLine>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Text.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                idleTag = null;
                return Completion(line.Text, tag, untagged);
            }

            // Only growth is new mail: after an expunge by another session (a drain) the count is lower and may be repeated.
            var before = Exists;
            if (Observe(line.Text) && Exists > before)
            {
                onExists(Exists);
            }
        }
    }

    public async Task SendDoneAsync(CancellationToken cancellationToken) =>
        await WriteAsync("DONE\r\n"u8.ToArray(), cancellationToken);

    public async Task LogoutAsync(CancellationToken cancellationToken) =>
        (await CommandAsync("LOGOUT", cancellationToken)).EnsureOk("LOGOUT");

    public async ValueTask DisposeAsync()
    {
        await reader.CompleteAsync();
        await stream.DisposeAsync();
    }

    /// <summary>
    /// The tool only ever talks to servers on this machine (the address is checked to be loopback), which present
    /// throw-away self-signed certificates; what is measured is the cost of the encrypted connection, not trust.
    /// </summary>
#pragma warning disable CA5359 // Do not disable certificate validation: loopback-only benchmark peers use self-signed certificates.
    private static bool AcceptLoopbackCertificate(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate, System.Security.Cryptography.X509Certificates.X509Chain? chain, SslPolicyErrors errors) => true;
#pragma warning restore CA5359

    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static ImapResponse Completion(string text, string tag, IReadOnlyList<ImapLine> untagged)
    {
        var rest = text[(tag.Length + 1)..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return new ImapResponse(space < 0 ? rest : rest[..space], text, untagged);
    }

    private string NextTag() => "A" + (++nextTag).ToString(CultureInfo.InvariantCulture);

    private async Task<ImapResponse> ReadResponseAsync(string tag, CancellationToken cancellationToken)
    {
        var untagged = new List<ImapLine>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Text.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                var completion = Completion(line.Text, tag, untagged);
                NoteCapabilities(line.Text);
                return completion;
            }

            if (!line.Text.StartsWith("* ", StringComparison.Ordinal))
            {
                throw new LoadException($"unexpected line while waiting for {tag}: {Shorten(line.Text)}");
            }

            Observe(line.Text);
            untagged.Add(line);
        }
    }

    /// <summary>Notes EXISTS and CAPABILITY; returns true for an EXISTS line.</summary>
    private bool Observe(string text)
    {
        if (text.EndsWith(" EXISTS", StringComparison.OrdinalIgnoreCase))
        {
            var number = text.AsSpan(2, text.Length - 2 - " EXISTS".Length);
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var exists))
            {
                Exists = exists;
                return true;
            }
        }
        else if (text.StartsWith("* ", StringComparison.Ordinal) && text.EndsWith(" EXPUNGE", StringComparison.OrdinalIgnoreCase))
        {
            Exists = Math.Max(0, Exists - 1);
        }
        else if (text.StartsWith("* CAPABILITY ", StringComparison.OrdinalIgnoreCase))
        {
            capabilities.Clear();
            capabilities.UnionWith(text["* CAPABILITY ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        else
        {
            NoteCapabilities(text);
        }

        return false;
    }

    private void NoteCapabilities(string text)
    {
        var start = text.IndexOf("[CAPABILITY ", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return;
        }

        start += "[CAPABILITY ".Length;
        var end = text.IndexOf(']', start);
        if (end > start)
        {
            capabilities.Clear();
            capabilities.UnionWith(text[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        await stream.WriteAsync(bytes, cancellationToken);

    private async ValueTask<ImapLine> ReadLineAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        List<byte[]>? literals = null;
        while (true)
        {
            var piece = await ReadRawLineAsync(cancellationToken);
            text.Append(piece);
            var size = LiteralSize(piece);
            if (size < 0)
            {
                return new ImapLine(text.ToString(), literals ?? (IReadOnlyList<byte[]>)[]);
            }

            literals ??= [];
            literals.Add(await ReadBytesAsync(size, cancellationToken));
        }
    }

    private static int LiteralSize(string piece)
    {
        if (!piece.EndsWith('}'))
        {
            return -1;
        }

        var open = piece.LastIndexOf('{');
        if (open < 0)
        {
            return -1;
        }

        var digits = piece.AsSpan(open + 1, piece.Length - open - 2).TrimEnd('+');
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : -1;
    }

    private async ValueTask<string> ReadRawLineAsync(CancellationToken cancellationToken)
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

            if (buffer.Length > MaxLineLength)
            {
                throw new LoadException("server line longer than 1 MiB");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new LoadException("connection closed by the server");
            }
        }
    }

    private async ValueTask<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new LoadException("connection closed inside a literal");
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
