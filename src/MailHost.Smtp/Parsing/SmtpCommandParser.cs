using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace MailHost.Smtp.Parsing;

/// <summary>
/// Allocation-free SMTP/LMTP command parser: a line is cut out of the receive buffer through a bounded window, the
/// verb is matched as a UTF-8 span and arguments are handed out as spans.
/// </summary>
internal static class SmtpCommandParser
{
    /// <summary>Reads and parses the next command line.</summary>
    /// <param name="scratch">At least <see cref="SmtpLimits.MailLine"/> + 2 bytes, used when a line spans buffer segments.</param>
    /// <param name="rcptUtf8">The current transaction's MAIL carried SMTPUTF8 (UTF-8 recipients allowed).</param>
    public static SmtpLineStatus TryRead(ref SequenceReader<byte> reader, Span<byte> scratch, bool rcptUtf8, out SmtpCommand command, out SmtpParseError error)
    {
        command = default;
        error = SmtpParseError.None;
        var status = SmtpLineReader.TryReadLine(ref reader, SmtpLimits.MailLine, scratch, out var line);
        if (status == SmtpLineStatus.Complete)
        {
            error = Parse(line, rcptUtf8, out command);
        }

        return status;
    }

    /// <summary>Parses one line (without CRLF).</summary>
    public static SmtpParseError Parse(ReadOnlySpan<byte> line, bool rcptUtf8, out SmtpCommand command)
    {
        var space = line.IndexOf((byte)' ');
        var verbToken = space < 0 ? line : line[..space];
        var rest = space < 0 ? [] : line[(space + 1)..];
        var verb = MatchVerb(verbToken);
        command = new SmtpCommand { Verb = verb, DeclaredSize = -1 };
        if (verb == SmtpVerb.Unknown)
        {
            return SmtpParseError.UnknownCommand;
        }

        if (line.Length > SmtpLimits.CommandLine && verb is not (SmtpVerb.Mail or SmtpVerb.Rcpt))
        {
            return SmtpParseError.LineTooLong;
        }

        switch (verb)
        {
            case SmtpVerb.Helo:
            case SmtpVerb.Ehlo:
            case SmtpVerb.Lhlo:
                rest = rest.TrimEnd((byte)' ');
                command = command with { Argument = rest };
                return IsHelloArgument(rest) ? SmtpParseError.None : SmtpParseError.SyntaxError;
            case SmtpVerb.Mail:
                return ParseMail(rest, out command);
            case SmtpVerb.Rcpt:
                return ParseRcpt(rest, rcptUtf8, out command);
            case SmtpVerb.Bdat:
                return ParseBdat(rest, out command);
            case SmtpVerb.Auth:
                return ParseAuth(rest, out command);
            case SmtpVerb.Vrfy:
                rest = rest.Trim((byte)' ');
                command = command with { Argument = rest };
                return rest.IsEmpty ? SmtpParseError.SyntaxError : SmtpParseError.None;
            case SmtpVerb.Noop:
            case SmtpVerb.Help:
                command = command with { Argument = rest.Trim((byte)' ') };
                return SmtpParseError.None;
            default:
                // DATA, RSET, QUIT, STARTTLS take no argument.
                return rest.Trim((byte)' ').IsEmpty ? SmtpParseError.None : SmtpParseError.SyntaxError;
        }
    }

    private static SmtpVerb MatchVerb(ReadOnlySpan<byte> token)
    {
        if (token.Length == 4)
        {
            if (Ascii.EqualsIgnoreCase(token, "MAIL"u8)) return SmtpVerb.Mail;
            if (Ascii.EqualsIgnoreCase(token, "RCPT"u8)) return SmtpVerb.Rcpt;
            if (Ascii.EqualsIgnoreCase(token, "EHLO"u8)) return SmtpVerb.Ehlo;
            if (Ascii.EqualsIgnoreCase(token, "DATA"u8)) return SmtpVerb.Data;
            if (Ascii.EqualsIgnoreCase(token, "BDAT"u8)) return SmtpVerb.Bdat;
            if (Ascii.EqualsIgnoreCase(token, "RSET"u8)) return SmtpVerb.Rset;
            if (Ascii.EqualsIgnoreCase(token, "NOOP"u8)) return SmtpVerb.Noop;
            if (Ascii.EqualsIgnoreCase(token, "QUIT"u8)) return SmtpVerb.Quit;
            if (Ascii.EqualsIgnoreCase(token, "HELO"u8)) return SmtpVerb.Helo;
            if (Ascii.EqualsIgnoreCase(token, "LHLO"u8)) return SmtpVerb.Lhlo;
            if (Ascii.EqualsIgnoreCase(token, "VRFY"u8)) return SmtpVerb.Vrfy;
            if (Ascii.EqualsIgnoreCase(token, "HELP"u8)) return SmtpVerb.Help;
            if (Ascii.EqualsIgnoreCase(token, "AUTH"u8)) return SmtpVerb.Auth;
        }
        else if (token.Length == 8 && Ascii.EqualsIgnoreCase(token, "STARTTLS"u8))
        {
            return SmtpVerb.StartTls;
        }

        return SmtpVerb.Unknown;
    }

    /// <summary>A domain or address literal: letters, digits and the punctuation of domains and IP literals only, so the
    /// name can go into a Received: header without any risk of injection.</summary>
    private static bool IsHelloArgument(ReadOnlySpan<byte> argument) =>
        !argument.IsEmpty
        && argument.Length <= SmtpAddressSyntax.MaxDomain
        && argument.IndexOfAnyExcept(HelloCharacters) < 0;

    private static readonly SearchValues<byte> HelloCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:[]"u8);

    private static readonly SearchValues<byte> Base64Characters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/="u8);

    private static readonly SearchValues<byte> MechanismCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    private static ReadOnlySpan<byte> SkipSpaces(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length && s[i] == (byte)' ')
        {
            i++;
        }

        return s[i..];
    }

    /// <summary>
    /// <c>FROM:</c> or <c>TO:</c> (<paramref name="prefix"/>), then the path; <paramref name="parameters"/> is what follows
    /// the path. Many clients write "MAIL FROM: &lt;a@b&gt;"; the spaces are tolerated as Postfix and Exim do.
    /// </summary>
    private static SmtpParseError ParsePathArgument(
        ReadOnlySpan<byte> rest, ReadOnlySpan<byte> prefix, out ReadOnlySpan<byte> mailbox, out ReadOnlySpan<byte> parameters)
    {
        mailbox = default;
        parameters = default;
        if (rest.Length < prefix.Length || !Ascii.EqualsIgnoreCase(rest[..prefix.Length], prefix))
        {
            return SmtpParseError.SyntaxError;
        }

        rest = SkipSpaces(rest[prefix.Length..]);
        var error = SmtpAddressSyntax.ParsePath(rest, out var consumed, out mailbox);
        if (error == SmtpParseError.None)
        {
            parameters = rest[consumed..];
        }

        return error;
    }

    private static SmtpParseError ParseMail(ReadOnlySpan<byte> rest, out SmtpCommand command)
    {
        command = new SmtpCommand { Verb = SmtpVerb.Mail, DeclaredSize = -1 };
        var error = ParsePathArgument(rest, "FROM:"u8, out var mailbox, out rest);
        if (error != SmtpParseError.None)
        {
            return error;
        }

        long size = -1;
        var body = SmtpBodyType.Unspecified;
        var utf8 = false;
        var ret = DsnReturn.Unspecified;
        ReadOnlySpan<byte> envId = default;
        ReadOnlySpan<byte> auth = default;
        var seen = 0;
        var parameters = new EsmtpParameterEnumerator(rest);
        while (parameters.MoveNext())
        {
            var key = parameters.Current.Keyword;
            var value = parameters.Current.Value;
            var hasValue = parameters.Current.HasValue;
            int bit;
            if (Ascii.EqualsIgnoreCase(key, "SIZE"u8))
            {
                bit = 1;
                if (!hasValue || value.Length > 18 || !Utf8Parser.TryParse(value, out size, out var used) || used != value.Length || size < 0)
                {
                    return SmtpParseError.BadParameterValue;
                }
            }
            else if (Ascii.EqualsIgnoreCase(key, "BODY"u8))
            {
                bit = 2;
                body = Ascii.EqualsIgnoreCase(value, "7BIT"u8) ? SmtpBodyType.SevenBit
                    : Ascii.EqualsIgnoreCase(value, "8BITMIME"u8) ? SmtpBodyType.EightBitMime
                    : Ascii.EqualsIgnoreCase(value, "BINARYMIME"u8) ? SmtpBodyType.BinaryMime
                    : SmtpBodyType.Unspecified;
                if (body == SmtpBodyType.Unspecified)
                {
                    return SmtpParseError.BadParameterValue;
                }
            }
            else if (Ascii.EqualsIgnoreCase(key, "SMTPUTF8"u8))
            {
                bit = 4;
                if (hasValue)
                {
                    return SmtpParseError.BadParameterValue;
                }

                utf8 = true;
            }
            else if (Ascii.EqualsIgnoreCase(key, "RET"u8))
            {
                bit = 8;
                ret = Ascii.EqualsIgnoreCase(value, "FULL"u8) ? DsnReturn.Full
                    : Ascii.EqualsIgnoreCase(value, "HDRS"u8) ? DsnReturn.Headers
                    : DsnReturn.Unspecified;
                if (ret == DsnReturn.Unspecified)
                {
                    return SmtpParseError.BadParameterValue;
                }
            }
            else if (Ascii.EqualsIgnoreCase(key, "ENVID"u8))
            {
                bit = 16;
                if (!hasValue || value.Length > 100 || value.IndexOfAnyExceptInRange((byte)33, (byte)126) >= 0)
                {
                    return SmtpParseError.BadParameterValue;
                }

                envId = value;
            }
            else if (Ascii.EqualsIgnoreCase(key, "AUTH"u8))
            {
                bit = 32;
                if (!hasValue || value.Length > 500 || value.IndexOfAnyExceptInRange((byte)33, (byte)126) >= 0)
                {
                    return SmtpParseError.BadParameterValue;
                }

                auth = value;
            }
            else
            {
                return SmtpParseError.UnsupportedParameter;
            }

            if ((seen & bit) != 0)
            {
                return SmtpParseError.BadParameterValue;
            }

            seen |= bit;
        }

        if (parameters.IsMalformed)
        {
            return SmtpParseError.SyntaxError;
        }

        if (!mailbox.IsEmpty)
        {
            error = SmtpAddressSyntax.ValidateMailbox(mailbox, utf8);
            if (error != SmtpParseError.None)
            {
                return error;
            }
        }

        command = command with
        {
            Address = mailbox,
            DeclaredSize = size,
            Body = body,
            SmtpUtf8 = utf8,
            Return = ret,
            EnvelopeId = envId,
            AuthParameter = auth,
        };
        return SmtpParseError.None;
    }

    private static SmtpParseError ParseRcpt(ReadOnlySpan<byte> rest, bool utf8, out SmtpCommand command)
    {
        command = new SmtpCommand { Verb = SmtpVerb.Rcpt, DeclaredSize = -1 };
        var error = ParsePathArgument(rest, "TO:"u8, out var mailbox, out rest);
        if (error != SmtpParseError.None)
        {
            return error;
        }

        var postmaster = Ascii.EqualsIgnoreCase(mailbox, "postmaster"u8);
        if (!postmaster)
        {
            error = mailbox.IsEmpty ? SmtpParseError.BadAddress : SmtpAddressSyntax.ValidateMailbox(mailbox, utf8);
            if (error != SmtpParseError.None)
            {
                return error;
            }
        }

        var notify = DsnNotify.None;
        ReadOnlySpan<byte> orcpt = default;
        var parameters = new EsmtpParameterEnumerator(rest);
        while (parameters.MoveNext())
        {
            var key = parameters.Current.Keyword;
            var value = parameters.Current.Value;
            var hasValue = parameters.Current.HasValue;
            if (Ascii.EqualsIgnoreCase(key, "NOTIFY"u8))
            {
                if (notify != DsnNotify.None || !hasValue || !TryParseNotify(value, out notify))
                {
                    return SmtpParseError.BadParameterValue;
                }
            }
            else if (Ascii.EqualsIgnoreCase(key, "ORCPT"u8))
            {
                if (!orcpt.IsEmpty || !hasValue || value.Length > 500 || value.IndexOf((byte)';') <= 0
                    || (value.IndexOfAnyExceptInRange((byte)33, (byte)126) >= 0 && !utf8))
                {
                    return SmtpParseError.BadParameterValue;
                }

                orcpt = value;
            }
            else
            {
                return SmtpParseError.UnsupportedParameter;
            }
        }

        if (parameters.IsMalformed)
        {
            return SmtpParseError.SyntaxError;
        }

        command = command with { Address = mailbox, IsPostmaster = postmaster, Notify = notify, OriginalRecipient = orcpt };
        return SmtpParseError.None;
    }

    private static bool TryParseNotify(ReadOnlySpan<byte> value, out DsnNotify notify)
    {
        notify = DsnNotify.None;
        if (Ascii.EqualsIgnoreCase(value, "NEVER"u8))
        {
            notify = DsnNotify.Never;
            return true;
        }

        foreach (var range in value.Split((byte)','))
        {
            var item = value[range];
            var flag = Ascii.EqualsIgnoreCase(item, "SUCCESS"u8) ? DsnNotify.Success
                : Ascii.EqualsIgnoreCase(item, "FAILURE"u8) ? DsnNotify.Failure
                : Ascii.EqualsIgnoreCase(item, "DELAY"u8) ? DsnNotify.Delay
                : DsnNotify.None;
            if (flag == DsnNotify.None || (notify & flag) != 0)
            {
                return false;
            }

            notify |= flag;
        }

        return notify != DsnNotify.None;
    }

    private static SmtpParseError ParseBdat(ReadOnlySpan<byte> rest, out SmtpCommand command)
    {
        command = new SmtpCommand { Verb = SmtpVerb.Bdat, DeclaredSize = -1 };
        rest = rest.TrimEnd((byte)' ');
        var space = rest.IndexOf((byte)' ');
        var number = space < 0 ? rest : rest[..space];
        var last = false;
        if (space >= 0)
        {
            if (!Ascii.EqualsIgnoreCase(SkipSpaces(rest[(space + 1)..]), "LAST"u8))
            {
                return SmtpParseError.SyntaxError;
            }

            last = true;
        }

        if (number.IsEmpty || number.Length > 18 || number.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
            || !Utf8Parser.TryParse(number, out long size, out _))
        {
            return SmtpParseError.SyntaxError;
        }

        command = command with { ChunkSize = size, IsLastChunk = last };
        return SmtpParseError.None;
    }

    private static SmtpParseError ParseAuth(ReadOnlySpan<byte> rest, out SmtpCommand command)
    {
        command = new SmtpCommand { Verb = SmtpVerb.Auth, DeclaredSize = -1 };
        rest = rest.TrimEnd((byte)' ');
        var space = rest.IndexOf((byte)' ');
        var mechanism = space < 0 ? rest : rest[..space];
        if (mechanism.IsEmpty || mechanism.Length > 20 || mechanism.IndexOfAnyExcept(MechanismCharacters) >= 0)
        {
            return SmtpParseError.SyntaxError;
        }

        ReadOnlySpan<byte> initial = default;
        var hasInitial = false;
        if (space >= 0)
        {
            initial = SkipSpaces(rest[(space + 1)..]);
            if (initial.IsEmpty || initial.IndexOfAnyExcept(Base64Characters) >= 0)
            {
                return SmtpParseError.SyntaxError;
            }

            hasInitial = true;
        }

        command = command with { Mechanism = mechanism, Argument = initial, HasInitialResponse = hasInitial };
        return SmtpParseError.None;
    }
}
