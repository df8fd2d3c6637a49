using System.Buffers;
using System.IO.Pipelines;

namespace MailHost.Imap.Session;

/// <summary>
/// Line and literal reads over the connection's input pipe. Every call advances the pipe past what it consumed, so STARTTLS
/// can swap the transport between commands and the middleware can cancel any read.
/// </summary>
internal sealed class ImapInput
{
    private readonly int _maxLineLength;
    private bool _cancelPending;

    public ImapInput(PipeReader reader, int maxLineLength)
    {
        Reader = reader;
        _maxLineLength = maxLineLength;
    }

    public PipeReader Reader { get; set; }

    /// <summary>Appends the next line (through LF) to <paramref name="destination"/>; a line over the limit is skipped whole.</summary>
    public async ValueTask<ReadStatus> ReadLineAsync(CommandBuffer destination, CancellationToken cancellationToken)
    {
        var skipping = false;
        if (TakePendingCancel())
        {
            return ReadStatus.Canceled;
        }

        while (true)
        {
            var result = await Reader.ReadAsync(cancellationToken);
            if (result.IsCanceled)
            {
                return ReadStatus.Canceled;
            }

            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is { } end)
            {
                var through = buffer.GetPosition(1, end);
                var line = buffer.Slice(0, through);
                if (!skipping && line.Length <= _maxLineLength)
                {
                    destination.Append(line);
                    Reader.AdvanceTo(through);
                    return ReadStatus.Ok;
                }

                Reader.AdvanceTo(through);
                return ReadStatus.TooLong;
            }

            if (buffer.Length > _maxLineLength)
            {
                // Window: drop what we have, keep looking for the end of the line.
                skipping = true;
                Reader.AdvanceTo(buffer.End);
            }
            else
            {
                Reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return ReadStatus.Closed;
            }
        }
    }

    /// <summary>Copies exactly <paramref name="length"/> bytes into <paramref name="destination"/> (a stream, a buffer, or nowhere when both are null).</summary>
    public async ValueTask<ReadStatus> ReadExactAsync(long length, Stream? destination, CommandBuffer? buffer, CancellationToken cancellationToken)
    {
        if (TakePendingCancel())
        {
            return ReadStatus.Canceled;
        }

        while (length > 0)
        {
            var result = await Reader.ReadAsync(cancellationToken);
            if (result.IsCanceled)
            {
                return ReadStatus.Canceled;
            }

            var data = result.Buffer;
            var take = data.Slice(0, Math.Min(length, data.Length));
            if (destination is not null)
            {
                foreach (var segment in take)
                {
                    await destination.WriteAsync(segment, cancellationToken);
                }
            }

            buffer?.Append(take);
            length -= take.Length;
            Reader.AdvanceTo(take.End);
            if (length > 0 && result.IsCompleted)
            {
                return ReadStatus.Closed;
            }
        }

        return ReadStatus.Ok;
    }

    /// <summary>True when a complete further line is already buffered (a pipelined command): the reply can wait for the batch flush.</summary>
    public bool HasBufferedLine()
    {
        if (!Reader.TryRead(out var result))
        {
            return false;
        }

        _cancelPending |= result.IsCanceled;
        var has = !result.IsCanceled && result.Buffer.PositionOf((byte)'\n') is not null;
        Reader.AdvanceTo(result.Buffer.Start);
        return has;
    }

    private bool TakePendingCancel()
    {
        var pending = _cancelPending;
        _cancelPending = false;
        return pending;
    }
}
