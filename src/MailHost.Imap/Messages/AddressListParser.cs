using System.Text;

namespace MailHost.Imap.Messages;

/// <summary>
/// Lenient RFC 5322 address-list parser that keeps names raw (encoded-words stay encoded: IMAP sends header values as they are)
/// and fills gaps the way Dovecot does: a missing local part becomes <c>MISSING_MAILBOX</c>, a missing domain <c>MISSING_DOMAIN</c>,
/// and a trailing comment names an address that has no phrase.
/// </summary>
internal static class AddressListParser
{
    public const string MissingMailbox = "MISSING_MAILBOX";
    public const string MissingDomain = "MISSING_DOMAIN";

    public static List<EnvelopeAddress> Parse(string raw)
    {
        var result = new List<EnvelopeAddress>();
        var tokens = Tokenize(raw);
        var pos = 0;
        while (pos < tokens.Count)
        {
            var token = tokens[pos];
            if (token.Kind == TokenKind.Special && token.Text is "," or ";")
            {
                pos++;
                continue;
            }

            if (IsGroupStart(tokens, pos, out var colon))
            {
                result.Add(new EnvelopeAddress(null, null, JoinPhrase(tokens, pos, colon) ?? string.Empty, null));
                pos = colon + 1;
                while (pos < tokens.Count && !(tokens[pos].Kind == TokenKind.Special && tokens[pos].Text == ";"))
                {
                    if (tokens[pos].Kind == TokenKind.Special && tokens[pos].Text == ",")
                    {
                        pos++;
                        continue;
                    }

                    pos = ParseMailbox(tokens, pos, inGroup: true, result);
                }

                pos++;
                result.Add(new EnvelopeAddress(null, null, null, null));
                continue;
            }

            pos = ParseMailbox(tokens, pos, inGroup: false, result);
        }

        return result;
    }

    private static bool IsGroupStart(List<Token> tokens, int pos, out int colon)
    {
        for (var i = pos; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Special)
            {
                continue;
            }

            if (t.Text == ":")
            {
                colon = i;
                return true;
            }

            if (t.Text is "<" or "@" or "," or ";")
            {
                break;
            }
        }

        colon = -1;
        return false;
    }

    /// <summary>Parses one mailbox from <paramref name="pos"/> up to the next top-level ',' (or ';' inside a group).</summary>
    private static int ParseMailbox(List<Token> tokens, int pos, bool inGroup, List<EnvelopeAddress> result)
    {
        var end = pos;
        var inAngle = false;
        while (end < tokens.Count)
        {
            var t = tokens[end];
            if (t.Kind == TokenKind.Special)
            {
                if (t.Text == "<")
                {
                    inAngle = true;
                }
                else if (t.Text == ">")
                {
                    inAngle = false;
                }
                else if (!inAngle && (t.Text == "," || (inGroup && t.Text == ";")))
                {
                    break;
                }
            }

            end++;
        }

        var angle = -1;
        for (var i = pos; i < end; i++)
        {
            if (tokens[i].Kind == TokenKind.Special && tokens[i].Text == "<")
            {
                angle = i;
                break;
            }
        }

        if (angle >= 0)
        {
            var close = angle + 1;
            while (close < end && !(tokens[close].Kind == TokenKind.Special && tokens[close].Text == ">"))
            {
                close++;
            }

            var name = JoinPhrase(tokens, pos, angle);
            var addrStart = angle + 1;
            string? route = null;
            for (var i = addrStart; i < close; i++)
            {
                if (tokens[i].Kind == TokenKind.Special && tokens[i].Text == ":")
                {
                    route = JoinAddressTokens(tokens, addrStart, i);
                    addrStart = i + 1;
                    break;
                }
            }

            var (mailbox, domain) = SplitAddrSpec(tokens, addrStart, close);
            result.Add(new EnvelopeAddress(name, route, mailbox, domain));
        }
        else
        {
            var (mailbox, domain) = SplitAddrSpec(tokens, pos, end);
            if (mailbox == MissingMailbox && domain == MissingDomain)
            {
                // Nothing but comments or stray specials: no address at all.
                return end;
            }

            var comment = end - 1 >= pos && tokens[end - 1].Kind == TokenKind.Comment ? tokens[end - 1].Text : null;

            result.Add(new EnvelopeAddress(string.IsNullOrEmpty(comment) ? null : comment, null, mailbox, domain));
        }

        return end;
    }

    private static (string Mailbox, string Domain) SplitAddrSpec(List<Token> tokens, int start, int end)
    {
        var at = -1;
        for (var i = end - 1; i >= start; i--)
        {
            if (tokens[i].Kind == TokenKind.Special && tokens[i].Text == "@")
            {
                at = i;
                break;
            }
        }

        var local = JoinAddressTokens(tokens, start, at < 0 ? end : at);
        var domain = at < 0 ? null : JoinAddressTokens(tokens, at + 1, end);
        return (string.IsNullOrEmpty(local) ? MissingMailbox : local, string.IsNullOrEmpty(domain) ? MissingDomain : domain);
    }

    private static string JoinAddressTokens(List<Token> tokens, int start, int end)
    {
        var text = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            if (tokens[i].Kind != TokenKind.Comment)
            {
                text.Append(tokens[i].Text);
            }
        }

        return text.ToString();
    }

    /// <summary>Display name: words with their original spacing collapsed to one blank, quoted strings unquoted; null when empty.</summary>
    private static string? JoinPhrase(List<Token> tokens, int start, int end)
    {
        var text = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Comment)
            {
                continue;
            }

            if (text.Length > 0 && t.SpaceBefore)
            {
                text.Append(' ');
            }

            text.Append(t.Text);
        }

        return text.Length > 0 ? text.ToString() : null;
    }

    private static List<Token> Tokenize(string raw)
    {
        var tokens = new List<Token>();
        var scanner = new Rfc822Scanner(raw);
        var space = false;
        while (!scanner.AtEnd)
        {
            var c = scanner.Current;
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                scanner.Position++;
                space = true;
            }
            else if (c == '(')
            {
                var before = scanner.Position;
                var comment = scanner.SkipWhiteSpaceAndComments();
                if (scanner.Position == before)
                {
                    scanner.Position++;
                }

                tokens.Add(new Token(TokenKind.Comment, comment ?? string.Empty, space));
                space = true;
            }
            else if (c == '"')
            {
                tokens.Add(new Token(TokenKind.Word, scanner.ReadQuoted(), space));
                space = false;
            }
            else if ("<>@,;:.[]\\".Contains(c, StringComparison.Ordinal))
            {
                scanner.Position++;
                tokens.Add(new Token(c == '.' ? TokenKind.Word : TokenKind.Special, c.ToString(), space));
                space = false;
            }
            else
            {
                tokens.Add(new Token(TokenKind.Word, scanner.ReadAtom() ?? string.Empty, space));
                space = false;
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Word,
        Special,
        Comment,
    }

    private readonly record struct Token(TokenKind Kind, string Text, bool SpaceBefore);
}
