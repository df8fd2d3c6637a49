using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>The part of an APPEND (RFC 3502 MULTIAPPEND) in front of each message literal.</summary>
internal static class AppendParser
{
    /// <summary><c>[flag-list SP] [date-time SP] literal-header</c> at the end of the line; null when malformed.</summary>
    public static AppendHeader? TryReadHeader(ref ImapReader reader, List<string> keywords)
    {
        var flags = MessageFlags.None;
        DateTimeOffset? date = null;
        if (reader.IsNext((byte)'('))
        {
            if (!FlagParser.TryReadFlags(ref reader, allowBare: false, out flags, keywords) || !reader.TryReadSpace())
            {
                return null;
            }
        }

        if (reader.IsNext((byte)'"'))
        {
            if (!reader.TryReadDateTime(out var parsed) || !reader.TryReadSpace())
            {
                return null;
            }

            date = parsed;
        }

        // RFC 6855 (UTF8=ACCEPT): UTF8 (~{n}); the closing parenthesis follows the literal data.
        var utf8 = false;
        if (reader.IsNext((byte)'U') || reader.IsNext((byte)'u'))
        {
            if (!reader.TryReadAtom(out var word) || !System.Text.Ascii.EqualsIgnoreCase(word, "UTF8"u8) || !reader.TryReadSpace() ||
                !reader.TryConsume((byte)'('))
            {
                return null;
            }

            utf8 = true;
        }

        if (!reader.TryReadLiteralHeader(out var length, out var nonSync, out var binary) || !reader.AtLineEnd || (utf8 && !binary))
        {
            return null;
        }

        return new AppendHeader(flags, keywords.Count == 0 ? [] : [.. keywords], date, length, nonSync, utf8);
    }
}
