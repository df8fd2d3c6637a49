namespace MailHost.Store.Internal;

/// <summary>
/// Write-only stream over a tmp/ file that counts bytes and bare LFs, so the final name can carry S= (size) and W= (size with
/// CRLF line ends, what IMAP reports as RFC822.SIZE) without reading the file again.
/// </summary>
internal sealed class CountingWriteStream : Stream
{
    private readonly Stream inner;
    private byte previous;

    public CountingWriteStream(Stream inner) => this.inner = inner;

    public long BytesWritten { get; private set; }

    public long BareLineFeeds { get; private set; }

    public long VirtualSize => BytesWritten + BareLineFeeds;

    /// <summary>The first storage failure seen while writing, rethrown by the commit.</summary>
    public Exception? Failure { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count(buffer);
        if (Failure is not null)
        {
            return;
        }

        try
        {
            inner.Write(buffer);
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            Failure = exception;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Up to <see cref="SynchronousLimit"/> bytes in total are written synchronously: on Linux an asynchronous file write is a
    /// hop to the thread pool and back for every segment of the literal, where a write into the page cache takes microseconds.
    /// Beyond it (a large APPEND literal) the writes are awaited as before.
    /// </summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (BytesWritten + buffer.Length > SynchronousLimit)
        {
            return WriteLargeAsync(buffer, cancellationToken);
        }

        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    private const long SynchronousLimit = 1024 * 1024;

    private async ValueTask WriteLargeAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        Count(buffer.Span);
        if (Failure is not null)
        {
            return;
        }

        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            Failure = exception;
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public void FlushToDisk()
    {
        if (inner is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private void Count(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b == (byte)'\n' && previous != (byte)'\r')
            {
                BareLineFeeds++;
            }

            previous = b;
        }

        BytesWritten += span.Length;
    }
}
