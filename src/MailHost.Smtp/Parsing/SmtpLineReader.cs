using System.Buffers;

namespace MailHost.Smtp.Parsing;

/// <summary>
/// Reads one command line through a window of at most <c>maxLength + 2</c> bytes, so a peer that never sends LF can
/// never make us search or hold more than the window (Kestrel's HttpParser does the same).
/// </summary>
internal static class SmtpLineReader
{
    /// <param name="scratch">At least <paramref name="maxLength"/> + 2 bytes; used only when the line spans segments.</param>
    /// <param name="line">The line without CRLF (a bare LF terminator is tolerated for commands).</param>
    public static SmtpLineStatus TryReadLine(ref SequenceReader<byte> reader, int maxLength, Span<byte> scratch, out ReadOnlySpan<byte> line)
    {
        line = default;
        var limit = maxLength + 2;
        var window = reader.UnreadSequence;
        if (window.Length > limit)
        {
            window = window.Slice(0, limit);
        }

        var lineFeed = window.PositionOf((byte)'\n');
        if (lineFeed is null)
        {
            return window.Length >= limit ? SmtpLineStatus.TooLongUnterminated : SmtpLineStatus.Incomplete;
        }

        var raw = window.Slice(0, lineFeed.Value);
        var length = (int)raw.Length;
        reader.Advance(length + 1);
        ReadOnlySpan<byte> span;
        if (raw.IsSingleSegment)
        {
            span = raw.FirstSpan;
        }
        else
        {
            raw.CopyTo(scratch);
            span = scratch[..length];
        }

        if (span.Length > 0 && span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }

        if (span.Length > maxLength)
        {
            return SmtpLineStatus.TooLong;
        }

        line = span;
        return SmtpLineStatus.Complete;
    }

    /// <summary>Skips an over-long line: true once its LF was passed; false if everything buffered was discarded.</summary>
    public static bool SkipToLineEnd(ref SequenceReader<byte> reader)
    {
        if (reader.TryAdvanceTo((byte)'\n'))
        {
            return true;
        }

        reader.AdvanceToEnd();
        return false;
    }
}
