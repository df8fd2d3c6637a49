using System.Text;
using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>Flag lists of APPEND and STORE (RFC 9051 §2.3.2).</summary>
internal static class FlagParser
{
    /// <summary>A flag list <c>(\Seen $Label)</c>, or, when <paramref name="allowBare"/>, space-separated flags without parentheses (STORE).</summary>
    public static bool TryReadFlags(ref ImapReader reader, bool allowBare, out MessageFlags flags, List<string> keywords)
    {
        flags = MessageFlags.None;
        keywords.Clear();
        var parenthesised = reader.TryConsume((byte)'(');
        if (!parenthesised && !allowBare)
        {
            return false;
        }

        var first = true;
        while (true)
        {
            if (parenthesised && reader.TryConsume((byte)')'))
            {
                return true;
            }

            if (!first && !reader.TryReadSpace())
            {
                return !parenthesised && !first;
            }

            if (!reader.TryReadFlag(out var flag))
            {
                return false;
            }

            first = false;
            if (flag[0] == (byte)'\\')
            {
                var system = SystemFlag(flag[1..]);
                if (system == MessageFlags.None)
                {
                    // \Recent cannot be stored; other unknown system flags are a syntax error (RFC 9051 §2.3.2).
                    if (!Ascii.EqualsIgnoreCase(flag[1..], "Recent"u8))
                    {
                        return false;
                    }
                }

                flags |= system;
            }
            else if (!System.Text.Ascii.IsValid(flag))
            {
                return false;
            }
            else if (keywords.Count < 64)
            {
                var keyword = Encoding.ASCII.GetString(flag);
                if (!keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
                {
                    keywords.Add(keyword);
                }
            }
        }
    }

    private static MessageFlags SystemFlag(ReadOnlySpan<byte> name) => name switch
    {
        _ when Ascii.EqualsIgnoreCase(name, "Seen"u8) => MessageFlags.Seen,
        _ when Ascii.EqualsIgnoreCase(name, "Answered"u8) => MessageFlags.Answered,
        _ when Ascii.EqualsIgnoreCase(name, "Flagged"u8) => MessageFlags.Flagged,
        _ when Ascii.EqualsIgnoreCase(name, "Deleted"u8) => MessageFlags.Deleted,
        _ when Ascii.EqualsIgnoreCase(name, "Draft"u8) => MessageFlags.Draft,
        _ => MessageFlags.None,
    };
}
