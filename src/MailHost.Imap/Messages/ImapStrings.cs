using System.Buffers;
using System.Globalization;
using System.Text;

namespace MailHost.Imap.Messages;

/// <summary>
/// Writes IMAP string values the way Dovecot chooses between NIL, quoted strings and literals, so that our ENVELOPE and
/// BODYSTRUCTURE bytes match Dovecot's for the same message. Values are "raw" strings: one char per octet (Latin-1 mapping),
/// so 8-bit header bytes survive untouched.
/// </summary>
internal static class ImapStrings
{
    // Past this many quoted-specials a literal is shorter than an escaped quoted string (Dovecot's QUOTED_MAX_ESCAPE_CHARS).
    private const int MaxEscapes = 4;

    public static void WriteAscii(ArrayBufferWriter<byte> writer, string ascii)
    {
        var span = writer.GetSpan(ascii.Length);
        var written = Encoding.Latin1.GetBytes(ascii, span);
        writer.Advance(written);
    }

    public static void WriteByte(ArrayBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteNumber(ArrayBufferWriter<byte> writer, long value) =>
        WriteAscii(writer, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>nstring: NIL, a quoted string, or a literal when the value has CR/LF, 8-bit octets or many quoted-specials.</summary>
    public static void WriteNString(ArrayBufferWriter<byte> writer, string? raw)
    {
        if (raw is null)
        {
            WriteAscii(writer, "NIL");
            return;
        }

        var escapes = 0;
        foreach (var c in raw)
        {
            if (c is '"' or '\\')
            {
                if (escapes++ < MaxEscapes)
                {
                    continue;
                }

                WriteLiteral(writer, raw);
                return;
            }

            if (c is '\r' or '\n' || c >= '\u0080')
            {
                WriteLiteral(writer, raw);
                return;
            }
        }

        WriteByte(writer, (byte)'"');
        foreach (var c in raw)
        {
            if (c is '"' or '\\')
            {
                WriteByte(writer, (byte)'\\');
            }

            WriteByte(writer, (byte)c);
        }

        WriteByte(writer, (byte)'"');
    }

    /// <summary>nstring of a header value with its folding line breaks removed (Dovecot's <c>imap_append_nstring_nolf</c>).</summary>
    public static void WriteNStringNoLineBreaks(ArrayBufferWriter<byte> writer, string? raw) =>
        WriteNString(writer, raw is null ? null : RemoveLineBreaks(raw));

    /// <summary>
    /// A string meant for people (subject, display names): line breaks dropped, runs of white space collapsed, leading and
    /// trailing white space trimmed; written quoted when untouched and plain, otherwise as a literal (Dovecot's
    /// <c>imap_append_string_for_humans</c>).
    /// </summary>
    public static void WriteForHumans(ArrayBufferWriter<byte> writer, string raw)
    {
        var modify = false;
        var lastWhite = true;
        var whitePrefix = true;
        var removed = 0;
        foreach (var c in raw)
        {
            switch (c)
            {
                case '\0':
                    lastWhite = false;
                    modify = true;
                    break;
                case '\t':
                case ' ':
                    if (c == '\t' || lastWhite)
                    {
                        modify = true;
                    }

                    if (lastWhite)
                    {
                        removed++;
                    }

                    lastWhite = true;
                    break;
                case '\r':
                case '\n':
                    removed++;
                    modify = true;
                    break;
                case '"':
                case '\\':
                    modify = true;
                    lastWhite = false;
                    break;
                default:
                    if (c >= '\u0080')
                    {
                        modify = true;
                    }

                    lastWhite = false;
                    break;
            }

            if (!lastWhite)
            {
                whitePrefix = false;
            }
        }

        if (lastWhite && raw.Length > 0 && !whitePrefix)
        {
            modify = true;
            removed++;
        }

        if (!modify)
        {
            WriteByte(writer, (byte)'"');
            WriteAscii(writer, raw);
            WriteByte(writer, (byte)'"');
            return;
        }

        if (raw.Length == removed)
        {
            WriteAscii(writer, "\"\"");
            return;
        }

        var text = new StringBuilder(raw.Length);
        lastWhite = true;
        whitePrefix = true;
        foreach (var c in raw)
        {
            switch (c)
            {
                case '\0':
                    text.Append('\u0080');
                    lastWhite = false;
                    break;
                case '\t':
                case ' ':
                    if (!lastWhite)
                    {
                        text.Append(' ');
                    }

                    lastWhite = true;
                    break;
                case '\r':
                case '\n':
                    break;
                default:
                    lastWhite = false;
                    text.Append(c);
                    break;
            }

            if (!lastWhite)
            {
                whitePrefix = false;
            }
        }

        if (lastWhite && text.Length > 0 && !whitePrefix)
        {
            text.Length--;
        }

        WriteLiteral(writer, text.ToString());
    }

    public static string RemoveLineBreaks(string raw) =>
        raw.Contains('\r', StringComparison.Ordinal) || raw.Contains('\n', StringComparison.Ordinal)
            ? raw.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal)
            : raw;

    private static void WriteLiteral(ArrayBufferWriter<byte> writer, string raw)
    {
        WriteByte(writer, (byte)'{');
        WriteNumber(writer, raw.Length);
        WriteAscii(writer, "}\r\n");
        WriteAscii(writer, raw);
    }
}
