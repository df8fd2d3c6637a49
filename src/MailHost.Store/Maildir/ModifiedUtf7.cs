using System.Text;

namespace MailHost.Store.Maildir;

/// <summary>IMAP modified UTF-7 (RFC 3501 §5.1.3), the on-disk encoding Dovecot uses for folder names.</summary>
internal static class ModifiedUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        var index = 0;
        while (index < value.Length)
        {
            var c = value[index];
            if (c == '&')
            {
                builder.Append("&-");
                index++;
            }
            else if (c >= 0x20 && c <= 0x7e)
            {
                builder.Append(c);
                index++;
            }
            else
            {
                var start = index;
                while (index < value.Length && (value[index] < 0x20 || value[index] > 0x7e))
                {
                    index++;
                }

                builder.Append('&');
                AppendBase64(builder, value.AsSpan(start, index - start));
                builder.Append('-');
            }
        }

        return builder.ToString();
    }

    public static bool TryDecode(string value, out string decoded)
    {
        var builder = new StringBuilder(value.Length);
        var index = 0;
        while (index < value.Length)
        {
            var c = value[index];
            if (c != '&')
            {
                if (c < 0x20 || c > 0x7e)
                {
                    decoded = value;
                    return false;
                }

                builder.Append(c);
                index++;
                continue;
            }

            var end = value.IndexOf('-', index + 1);
            if (end < 0)
            {
                decoded = value;
                return false;
            }

            if (end == index + 1)
            {
                builder.Append('&');
            }
            else if (!TryAppendDecoded(builder, value.AsSpan(index + 1, end - index - 1)))
            {
                decoded = value;
                return false;
            }

            index = end + 1;
        }

        decoded = builder.ToString();
        return true;
    }

    private static void AppendBase64(StringBuilder builder, ReadOnlySpan<char> chars)
    {
        var bits = 0;
        var bitCount = 0;
        foreach (var ch in chars)
        {
            bits = (bits << 16) | ch;
            bitCount += 16;
            while (bitCount >= 6)
            {
                bitCount -= 6;
                builder.Append(Alphabet[(bits >> bitCount) & 0x3f]);
            }

            bits &= (1 << bitCount) - 1;
        }

        if (bitCount > 0)
        {
            builder.Append(Alphabet[(bits << (6 - bitCount)) & 0x3f]);
        }
    }

    private static bool TryAppendDecoded(StringBuilder builder, ReadOnlySpan<char> encoded)
    {
        var bits = 0;
        var bitCount = 0;
        var produced = 0;
        foreach (var ch in encoded)
        {
            var value = Alphabet.IndexOf(ch, StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            bits = (bits << 6) | value;
            bitCount += 6;
            if (bitCount >= 16)
            {
                bitCount -= 16;
                var unit = (char)((bits >> bitCount) & 0xffff);
                bits &= (1 << bitCount) - 1;
                if (unit >= 0x20 && unit <= 0x7e)
                {
                    // RFC 3501: printable ASCII must not be base64-encoded; a name that does is not canonical.
                    return false;
                }

                builder.Append(unit);
                produced++;
            }
        }

        return produced > 0 && bits == 0 && bitCount < 6;
    }
}
