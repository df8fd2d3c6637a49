using System.Text.Unicode;

namespace MailHost.Smtp.Parsing;

/// <summary>RFC 5321 §4.1.2 path and mailbox grammar, with RFC 6531 UTF-8 only when SMTPUTF8 was given.</summary>
internal static class SmtpAddressSyntax
{
    public const int MaxLocalPart = 64;
    public const int MaxDomain = 255;

    /// <summary>Mailbox limit derived from the 256-octet path limit minus the angle brackets.</summary>
    public const int MaxMailbox = 254;

    /// <summary>Finds the bracketed path at the start of <paramref name="input"/>, skipping an obsolete source route.</summary>
    public static SmtpParseError ParsePath(ReadOnlySpan<byte> input, out int consumed, out ReadOnlySpan<byte> mailbox)
    {
        consumed = 0;
        mailbox = default;
        if (input.IsEmpty || input[0] != (byte)'<')
        {
            return SmtpParseError.BadAddress;
        }

        var start = 1;
        if (input.Length > 1 && input[1] == (byte)'@')
        {
            var colon = input.IndexOf((byte)':');
            var close = input.IndexOf((byte)'>');
            if (colon < 0 || (close >= 0 && close < colon))
            {
                return SmtpParseError.BadAddress;
            }

            start = colon + 1;
        }

        var quoted = false;
        for (var i = start; i < input.Length; i++)
        {
            var b = input[i];
            if (b < 0x20 || b == 0x7F)
            {
                return SmtpParseError.BadAddress;
            }

            if (quoted)
            {
                if (b == (byte)'\\')
                {
                    i++;
                    if (i < input.Length && (input[i] < 0x20 || input[i] == 0x7F))
                    {
                        return SmtpParseError.BadAddress;
                    }
                }
                else if (b == (byte)'"')
                {
                    quoted = false;
                }
            }
            else if (b == (byte)'"')
            {
                quoted = true;
            }
            else if (b == (byte)'>')
            {
                mailbox = input[start..i];
                consumed = i + 1;
                return SmtpParseError.None;
            }
        }

        return SmtpParseError.BadAddress;
    }

    public static SmtpParseError ValidateMailbox(ReadOnlySpan<byte> mailbox, bool allowUtf8)
    {
        if (mailbox.Length > MaxMailbox)
        {
            return SmtpParseError.AddressTooLong;
        }

        if (mailbox.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0)
        {
            if (!allowUtf8)
            {
                return SmtpParseError.NeedsSmtpUtf8;
            }

            if (!Utf8.IsValid(mailbox))
            {
                return SmtpParseError.BadAddress;
            }
        }

        var localLength = ReadLocalPart(mailbox);
        if (localLength <= 0 || localLength >= mailbox.Length || mailbox[localLength] != (byte)'@')
        {
            return SmtpParseError.BadAddress;
        }

        if (localLength > MaxLocalPart)
        {
            return SmtpParseError.AddressTooLong;
        }

        var domain = mailbox[(localLength + 1)..];
        if (domain.Length > MaxDomain)
        {
            return SmtpParseError.AddressTooLong;
        }

        return IsDomainOrLiteral(domain) ? SmtpParseError.None : SmtpParseError.BadAddress;
    }

    /// <summary>Length of the local part (quoted or dot-string) at the start, or -1 when malformed.</summary>
    private static int ReadLocalPart(ReadOnlySpan<byte> mailbox)
    {
        if (mailbox.IsEmpty)
        {
            return -1;
        }

        if (mailbox[0] == (byte)'"')
        {
            for (var i = 1; i < mailbox.Length; i++)
            {
                var b = mailbox[i];
                if (b == (byte)'\\')
                {
                    i++;
                    if (i >= mailbox.Length || mailbox[i] < 0x20 || mailbox[i] == 0x7F)
                    {
                        return -1;
                    }
                }
                else if (b == (byte)'"')
                {
                    return i + 1;
                }
                else if (b < 0x20 || b == 0x7F)
                {
                    return -1;
                }
            }

            return -1;
        }

        var previousDot = true;
        for (var i = 0; i < mailbox.Length; i++)
        {
            var b = mailbox[i];
            if (b == (byte)'@')
            {
                return previousDot ? -1 : i;
            }

            if (b == (byte)'.')
            {
                if (previousDot)
                {
                    return -1;
                }

                previousDot = true;
            }
            else if (IsAtext(b))
            {
                previousDot = false;
            }
            else
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool IsAtext(byte b) =>
        b >= 0x80
        || (b >= (byte)'a' && b <= (byte)'z')
        || (b >= (byte)'A' && b <= (byte)'Z')
        || (b >= (byte)'0' && b <= (byte)'9')
        || "!#$%&'*+-/=?^_`{|}~"u8.Contains(b);

    private static bool IsDomainOrLiteral(ReadOnlySpan<byte> domain)
    {
        if (domain.IsEmpty)
        {
            return false;
        }

        if (domain[0] == (byte)'[')
        {
            if (domain.Length < 3 || domain[^1] != (byte)']')
            {
                return false;
            }

            foreach (var b in domain[1..^1])
            {
                // dcontent: printable US-ASCII except "[", "\" and "]".
                if (b < 33 || b > 126 || b == (byte)'[' || b == (byte)'\\' || b == (byte)']')
                {
                    return false;
                }
            }

            return true;
        }

        return IsDomain(domain);
    }

    /// <summary>Dot-separated labels of letters, digits (UTF-8 U-labels allowed) and inner hyphens.</summary>
    public static bool IsDomain(ReadOnlySpan<byte> domain)
    {
        if (domain.IsEmpty || domain.Length > MaxDomain)
        {
            return false;
        }

        var labelLength = 0;
        byte previous = (byte)'.';
        foreach (var b in domain)
        {
            if (b == (byte)'.')
            {
                if (labelLength == 0 || previous == (byte)'-')
                {
                    return false;
                }

                labelLength = 0;
            }
            else if (b == (byte)'-')
            {
                if (labelLength == 0)
                {
                    return false;
                }

                labelLength++;
            }
            else if (b >= 0x80 || (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9'))
            {
                labelLength++;
            }
            else
            {
                return false;
            }

            if (labelLength > 63)
            {
                return false;
            }

            previous = b;
        }

        return labelLength > 0 && previous != (byte)'-';
    }
}
