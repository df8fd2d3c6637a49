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
            if (IsGroupStart(tokens, pos, out var colon))
            {
                result.Add(new EnvelopeAddress(null, null, JoinPhrase(tokens, pos, colon) ?? string.Empty, null));
                pos = colon + 1;
                while (pos < tokens.Count && !IsSpecial(tokens[pos], ";"))
                {
                    var memberEnd = ElementEnd(tokens, pos, inGroup: true);
                    if (HasWords(tokens, pos, memberEnd))
                    {
                        result.Add(ParseMailbox(tokens, pos, memberEnd));
                    }

                    pos = memberEnd < tokens.Count && IsSpecial(tokens[memberEnd], ",") ? memberEnd + 1 : memberEnd;
                }

                result.Add(new EnvelopeAddress(null, null, null, null));
                pos++;
                while (pos < tokens.Count && tokens[pos].Kind == TokenKind.Comment)
                {
                    pos++;
                }

                if (pos < tokens.Count && IsSpecial(tokens[pos], ","))
                {
                    pos++;
                }

                continue;
            }

            var end = ElementEnd(tokens, pos, inGroup: false);
            if (HasWords(tokens, pos, end))
            {
                result.Add(ParseMailbox(tokens, pos, end));
            }
            else if (end < tokens.Count)
            {
                // An empty element before a comma is an address Dovecot reports as missing; a trailing comma is ignored.
                result.Add(new EnvelopeAddress(null, null, MissingMailbox, MissingDomain));
            }

            pos = end + 1;
        }

        return result;
    }

    private static bool IsSpecial(Token token, string text) => token.Kind == TokenKind.Special && token.Text == text;

    private static bool HasWords(List<Token> tokens, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (tokens[i].Kind != TokenKind.Comment)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Index of the ',' (or, in a group, ';') that ends the element starting at <paramref name="pos"/>, outside angle brackets.</summary>
    private static int ElementEnd(List<Token> tokens, int pos, bool inGroup)
    {
        var inAngle = false;
        for (var i = pos; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Special)
            {
                continue;
            }

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
                return i;
            }
        }

        return tokens.Count;
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

    private static EnvelopeAddress ParseMailbox(List<Token> tokens, int pos, int end)
    {
        var angle = -1;
        var at = -1;
        for (var i = pos; i < end; i++)
        {
            if (IsSpecial(tokens[i], "<"))
            {
                angle = i;
                break;
            }

            if (IsSpecial(tokens[i], "@"))
            {
                at = i;
            }
        }

        if (angle >= 0)
        {
            var close = angle + 1;
            while (close < end && !IsSpecial(tokens[close], ">"))
            {
                close++;
            }

            var name = JoinPhrase(tokens, pos, angle);
            var addrStart = angle + 1;
            string? route = null;
            for (var i = addrStart; i < close; i++)
            {
                if (IsSpecial(tokens[i], ":"))
                {
                    route = JoinAddressTokens(tokens, addrStart, i);
                    addrStart = i + 1;
                    break;
                }
            }

            var (mailbox, domain) = SplitAddrSpec(tokens, addrStart, close);
            return new EnvelopeAddress(name, route, mailbox, domain);
        }

        if (at < 0 && !IsDotAtom(tokens, pos, end))
        {
            // Words without '@' or '<': Dovecot takes them as a display name with neither mailbox nor domain.
            return new EnvelopeAddress(JoinPhrase(tokens, pos, end), null, MissingMailbox, MissingDomain);
        }

        var (local, host) = SplitAddrSpec(tokens, pos, end);
        var comment = tokens[end - 1].Kind == TokenKind.Comment ? tokens[end - 1].Text : null;
        return new EnvelopeAddress(string.IsNullOrEmpty(comment) ? null : comment, null, local, host);
    }

    /// <summary>A lone unquoted word (dots allowed, no inner spaces): taken as a mailbox without domain.</summary>
    private static bool IsDotAtom(List<Token> tokens, int start, int end)
    {
        var words = 0;
        for (var i = start; i < end; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Comment)
            {
                continue;
            }

            if (t.Kind != TokenKind.Word || t.Quoted || (words > 0 && t.SpaceBefore))
            {
                return false;
            }

            words++;
        }

        return words > 0;
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

                tokens.Add(new Token(TokenKind.Comment, comment ?? string.Empty, space, false));
                space = true;
            }
            else if (c == '"')
            {
                tokens.Add(new Token(TokenKind.Word, scanner.ReadQuoted(), space, true));
                space = false;
            }
            else if ("<>@,;:.[]\\".Contains(c, StringComparison.Ordinal))
            {
                scanner.Position++;
                tokens.Add(new Token(c == '.' ? TokenKind.Word : TokenKind.Special, c.ToString(), space, false));
                space = false;
            }
            else
            {
                tokens.Add(new Token(TokenKind.Word, scanner.ReadAtom() ?? string.Empty, space, false));
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

    private readonly record struct Token(TokenKind Kind, string Text, bool SpaceBefore, bool Quoted);
}
