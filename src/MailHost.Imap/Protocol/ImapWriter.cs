using System.Buffers;
using System.Buffers.Text;
using System.Text;
using MailHost.Store;

namespace MailHost.Imap.Protocol;

/// <summary>Response building blocks written straight into the output pipe (no string formatting).</summary>
internal static class ImapWriter
{
    public static void Write(this IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => BuffersExtensions.Write(writer, bytes);

    public static void WriteCrlf(this IBufferWriter<byte> writer) => writer.Write("\r\n"u8);

    public static void WriteByte(this IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteNumber(this IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }

    public static void WriteNumber(this IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }

    /// <summary>ASCII text we control (never client data).</summary>
    public static void WriteAscii(this IBufferWriter<byte> writer, string text)
    {
        var span = writer.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        writer.Advance(written);
    }

    public static void WriteUtf8(this IBufferWriter<byte> writer, string text)
    {
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        writer.Advance(written);
    }

    /// <summary>An astring: an atom when every character allows it, else a quoted string or literal.</summary>
    public static void WriteAString(this IBufferWriter<byte> writer, string value, bool allowUtf8)
    {
        if (value.Length > 0 && value.Length < 256 && IsAtom(value) && !value.Equals("NIL", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteAscii(value);
            return;
        }

        writer.WriteQuotedOrLiteral(value, allowUtf8);
    }

    public static void WriteQuotedOrLiteral(this IBufferWriter<byte> writer, string value, bool allowUtf8)
    {
        var needsLiteral = false;
        var eightBit = false;
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0')
            {
                needsLiteral = true;
            }
            else if (c > 0x7F)
            {
                eightBit = true;
            }
        }

        if (needsLiteral || (eightBit && !allowUtf8))
        {
            writer.WriteByte((byte)'{');
            writer.WriteNumber(Encoding.UTF8.GetByteCount(value));
            writer.Write("}\r\n"u8);
            writer.WriteUtf8(value);
            return;
        }

        writer.WriteByte((byte)'"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] is '"' or '\\')
            {
                writer.WriteUtf8(value[start..i]);
                writer.WriteByte((byte)'\\');
                start = i;
            }
        }

        writer.WriteUtf8(value[start..]);
        writer.WriteByte((byte)'"');
    }

    public static void WriteLiteral(this IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        writer.WriteByte((byte)'{');
        writer.WriteNumber(value.Length);
        writer.Write("}\r\n"u8);
        writer.Write(value);
    }

    private static bool IsAtom(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7E || !ImapReader.IsAtomChar((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>System flags then keywords, parenthesised; <c>\Recent</c> only for IMAP4rev1 sessions.</summary>
    public static void WriteFlags(this IBufferWriter<byte> writer, MessageFlags flags, IReadOnlyList<string> keywords, bool includeRecent)
    {
        writer.WriteByte((byte)'(');
        var first = true;
        void Flag(IBufferWriter<byte> w, ReadOnlySpan<byte> name, ref bool isFirst)
        {
            if (!isFirst)
            {
                w.WriteByte((byte)' ');
            }

            w.Write(name);
            isFirst = false;
        }

        if ((flags & MessageFlags.Seen) != 0)
        {
            Flag(writer, "\\Seen"u8, ref first);
        }

        if ((flags & MessageFlags.Answered) != 0)
        {
            Flag(writer, "\\Answered"u8, ref first);
        }

        if ((flags & MessageFlags.Flagged) != 0)
        {
            Flag(writer, "\\Flagged"u8, ref first);
        }

        if ((flags & MessageFlags.Deleted) != 0)
        {
            Flag(writer, "\\Deleted"u8, ref first);
        }

        if ((flags & MessageFlags.Draft) != 0)
        {
            Flag(writer, "\\Draft"u8, ref first);
        }

        if (includeRecent && (flags & MessageFlags.Recent) != 0)
        {
            Flag(writer, "\\Recent"u8, ref first);
        }

        foreach (var keyword in keywords)
        {
            if (!first)
            {
                writer.WriteByte((byte)' ');
            }

            writer.WriteAscii(keyword);
            first = false;
        }

        writer.WriteByte((byte)')');
    }

    /// <summary>INTERNALDATE: <c>"17-Jul-1996 02:44:25 -0700"</c>.</summary>
    public static void WriteDateTime(this IBufferWriter<byte> writer, DateTimeOffset value)
    {
        var span = writer.GetSpan(28);
        span[0] = (byte)'"';
        Two(span[1..], value.Day);
        span[3] = (byte)'-';
        ImapDates.MonthName(value.Month).CopyTo(span[4..]);
        span[7] = (byte)'-';
        Four(span[8..], value.Year);
        span[12] = (byte)' ';
        Two(span[13..], value.Hour);
        span[15] = (byte)':';
        Two(span[16..], value.Minute);
        span[18] = (byte)':';
        Two(span[19..], value.Second);
        span[21] = (byte)' ';
        var offset = (int)value.Offset.TotalMinutes;
        span[22] = offset < 0 ? (byte)'-' : (byte)'+';
        offset = Math.Abs(offset);
        Two(span[23..], offset / 60);
        Two(span[25..], offset % 60);
        span[27] = (byte)'"';
        writer.Advance(28);

        static void Two(Span<byte> s, int v)
        {
            s[0] = (byte)('0' + (v / 10));
            s[1] = (byte)('0' + (v % 10));
        }

        static void Four(Span<byte> s, int v)
        {
            Two(s, v / 100);
            Two(s[2..], v % 100);
        }
    }

    /// <summary>A UID list in compact sequence-set form (<c>1:3,7</c>), as APPENDUID/COPYUID and ESEARCH ALL want.</summary>
    public static void WriteUidSet(this IBufferWriter<byte> writer, IReadOnlyList<uint> values)
    {
        var i = 0;
        var first = true;
        while (i < values.Count)
        {
            var start = values[i];
            var end = start;
            while (i + 1 < values.Count && values[i + 1] == end + 1)
            {
                end = values[++i];
            }

            i++;
            if (!first)
            {
                writer.WriteByte((byte)',');
            }

            first = false;
            writer.WriteNumber((long)start);
            if (end != start)
            {
                writer.WriteByte((byte)':');
                writer.WriteNumber((long)end);
            }
        }
    }
}
