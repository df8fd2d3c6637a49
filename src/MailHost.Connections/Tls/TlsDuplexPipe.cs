using System.IO.Pipelines;
using System.Net.Security;

namespace MailHost.Connections.Tls;

/// <summary>The decrypted side of a TLS session, exposed as the connection's new <c>Transport</c>.</summary>
internal sealed class TlsDuplexPipe : IDuplexPipe, IAsyncDisposable
{
    /// <summary>One full TLS record, so a record never needs two reads into the pipe.</summary>
    private const int ReadBufferSize = 16 * 1024;

    public TlsDuplexPipe(SslStream stream)
    {
        Stream = stream;
        // Zero-byte reads first: an idle connection then waits with no 16 KiB pipe segment rented, and SslStream (which passes
        // a zero-byte read on to the transport when it has nothing buffered) holds no record buffer either.
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true, useZeroByteReads: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public SslStream Stream { get; }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        try
        {
            // Completing the writer flushes what the handler left buffered (its goodbye line) through TLS.
            await Output.CompleteAsync();
        }
        finally
        {
            await Stream.DisposeAsync();
        }
    }
}
