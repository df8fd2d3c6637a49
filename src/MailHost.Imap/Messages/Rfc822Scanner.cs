using System.Text;

namespace MailHost.Imap.Messages;

/// <summary>Lenient RFC 822/2045 lexer over a raw header value (one char per octet): white space, comments, tokens, quoted strings.</summary>
internal sealed class Rfc822Scanner(string value)
{
    private const string TSpecials = "()<>@,;:\\\"/[]?=";

    public int Position { get; set; }

    public bool AtEnd => Position >= value.Length;

    public char Current => value[Position];

    /// <summary>Skips white space and (nested) comments; returns the text of the last comment skipped, if any.</summary>
    public string? SkipWhiteSpaceAndComments()
    {
        string? comment = null;
        while (!AtEnd)
        {
            var c = Current;
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                Position++;
            }
            else if (c == '(')
            {
                comment = ReadComment();
            }
            else
            {
                break;
            }
        }

        return comment;
    }

    /// <summary>A MIME token (RFC 2045): any printable ASCII except tspecials; 8-bit octets are accepted leniently.</summary>
    public string? ReadToken()
    {
        var start = Position;
        while (!AtEnd && IsTokenChar(Current))
        {
            Position++;
        }

        return Position > start ? value[start..Position] : null;
    }

    /// <summary>An RFC 5322 atom (allows '/', '=', '?' which MIME tokens forbid).</summary>
    public string? ReadAtom()
    {
        var start = Position;
        while (!AtEnd && IsAtomChar(Current))
        {
            Position++;
        }

        return Position > start ? value[start..Position] : null;
    }

    /// <summary>Reads a quoted string at the current '"', unescaping quoted-pairs and dropping folding line breaks.</summary>
    public string ReadQuoted()
    {
        var text = new StringBuilder();
        Position++;
        while (!AtEnd)
        {
            var c = Current;
            Position++;
            if (c == '"')
            {
                break;
            }

            if (c == '\\' && !AtEnd)
            {
                text.Append(Current);
                Position++;
            }
            else if (c is not '\r' and not '\n')
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    public static bool IsTokenChar(char c) => c > ' ' && c != '\u007f' && !TSpecials.Contains(c, StringComparison.Ordinal);

    public static bool IsAtomChar(char c) => c > ' ' && c != '\u007f' && !"()<>@,;:\\\".[]".Contains(c, StringComparison.Ordinal);

    private string ReadComment()
    {
        var text = new StringBuilder();
        var depth = 0;
        while (!AtEnd)
        {
            var c = Current;
            Position++;
            if (c == '(')
            {
                if (depth++ > 0)
                {
                    text.Append(c);
                }
            }
            else if (c == ')')
            {
                if (--depth == 0)
                {
                    break;
                }

                text.Append(c);
            }
            else if (c == '\\' && !AtEnd)
            {
                text.Append(Current);
                Position++;
            }
            else if (c is not '\r' and not '\n')
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
