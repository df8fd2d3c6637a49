using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MailHost.Imap.Protocol;

/// <summary>
/// Mailbox names between the wire (modified UTF-7 for IMAP4rev1, UTF-8 after UTF8=ACCEPT / IMAP4rev2; RFC 3501 §5.1.3) and the
/// store (UTF-8, "/" separated). Refuses names that could escape the Maildir or confuse it.
/// </summary>
internal static class MailboxNames
{
    public const int MaxLength = 255;
    public const char Separator = '/';

    public static bool TryDecode(string wire, bool utf8, [NotNullWhen(true)] out string? name)
    {
        name = null;
        string decoded;
        if (utf8)
        {
            decoded = wire;
        }
        else if (!TryDecodeModifiedUtf7(wire, out decoded!))
        {
            return false;
        }

        if (!IsAcceptable(decoded))
        {
            return false;
        }

        name = Normalize(decoded);
        return true;
    }

    /// <summary>INBOX in any case is INBOX, also as the first component.</summary>
    public static string Normalize(string name)
    {
        if (name.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return "INBOX";
        }

        if (name.Length > 6 && name.StartsWith("INBOX/", StringComparison.OrdinalIgnoreCase))
        {
            return string.Concat("INBOX", name.AsSpan(5));
        }

        return name;
    }

    public static bool IsAcceptable(string name)
    {
        if (name.Length == 0 || name.Length > MaxLength || name[0] == Separator || name[^1] == Separator || name.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsControl(c) || c is '\\' || (char.IsSurrogate(c) && !IsValidUtf16(name)))
            {
                return false;
            }
        }

        foreach (var part in name.Split(Separator))
        {
            if (part is "." or ".." || part.StartsWith('.') || part.Length > 2 && part[1] == ':')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static string Encode(string name, bool utf8) => utf8 ? name : EncodeModifiedUtf7(name);

    public static string EncodeModifiedUtf7(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c is >= (char)0x20 and <= (char)0x7E)
            {
                builder.Append(c == '&' ? "&-" : c.ToString());
                i++;
                continue;
            }

            var start = i;
            while (i < value.Length && value[i] is < (char)0x20 or > (char)0x7E)
            {
                i++;
            }

            var bytes = Encoding.BigEndianUnicode.GetBytes(value.ToCharArray(start, i - start));
            var base64 = Convert.ToBase64String(bytes).TrimEnd('=').Replace('/', ',');
            builder.Append('&').Append(base64).Append('-');
        }

        return builder.ToString();
    }

    public static bool TryDecodeModifiedUtf7(string value, [NotNullWhen(true)] out string? decoded)
    {
        decoded = null;
        if (!value.Contains('&', StringComparison.Ordinal))
        {
            foreach (var c in value)
            {
                if (c > 0x7E)
                {
                    return false;
                }
            }

            decoded = value;
            return true;
        }

        var builder = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c > 0x7E)
            {
                return false;
            }

            if (c != '&')
            {
                builder.Append(c);
                i++;
                continue;
            }

            var end = value.IndexOf('-', i + 1);
            if (end < 0)
            {
                return false;
            }

            if (end == i + 1)
            {
                builder.Append('&');
                i = end + 1;
                continue;
            }

            var base64 = value.Substring(i + 1, end - i - 1).Replace(',', '/');
            var padded = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var buffer = new byte[padded.Length];
            if (!Convert.TryFromBase64String(padded, buffer, out var written) || written % 2 != 0)
            {
                return false;
            }

            // Built by hand: Encoding would silently turn a lone surrogate into U+FFFD instead of refusing it.
            var chars = new char[written / 2];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = (char)((buffer[2 * k] << 8) | buffer[(2 * k) + 1]);
            }

            var text = new string(chars);
            if (!IsValidUtf16(text))
            {
                return false;
            }

            builder.Append(text);
            i = end + 1;
        }

        decoded = builder.ToString();
        return true;
    }
}
