using System.Text;
using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Smtp.Parsing;
using MailHost.Store;

namespace MailHost.Smtp.Session;

internal sealed partial class SmtpSession
{
    private Step Dispatch(scoped in SmtpCommand command, SmtpParseError error)
    {
        var verb = command.Verb;
        if (error == SmtpParseError.UnknownCommand
            || (_lmtp && verb is SmtpVerb.Helo or SmtpVerb.Ehlo or SmtpVerb.Auth)
            || (!_lmtp && verb == SmtpVerb.Lhlo))
        {
            Error("500 5.5.1 Command unrecognized\r\n"u8);
            return Step.Continue;
        }

        if (error != SmtpParseError.None)
        {
            return SyntaxError(verb, error);
        }

        if (!SmtpStateTable.IsAllowed(_state, verb))
        {
            return OutOfSequence(command);
        }

        switch (verb)
        {
            case SmtpVerb.Helo:
            case SmtpVerb.Ehlo:
            case SmtpVerb.Lhlo:
                return Hello(command);
            case SmtpVerb.Mail:
                return Mail(command);
            case SmtpVerb.Rcpt:
                if (_envelope!.Recipients.Count >= _options.MaxRecipients)
                {
                    // A resource limit, not a client error: RFC 5321 §4.5.3.1.8 expects clients to retry the rest later.
                    Reply("452 4.5.3 Error: too many recipients\r\n"u8);
                    return Step.Continue;
                }

                _pendingRecipient = new PendingRecipient(
                    Encoding.UTF8.GetString(command.Address),
                    command.IsPostmaster,
                    command.Notify,
                    command.OriginalRecipient.IsEmpty ? null : Encoding.UTF8.GetString(command.OriginalRecipient));
                return Step.Rcpt;
            case SmtpVerb.Data:
                if (_envelope!.Body == SmtpBodyType.BinaryMime)
                {
                    Error("503 5.5.1 Error: BODY=BINARYMIME requires BDAT\r\n"u8);
                    return Step.Continue;
                }

                return Step.Data;
            case SmtpVerb.Bdat:
                _pendingChunk = new PendingChunk(command.ChunkSize, command.IsLastChunk, Accepted: true);
                return Step.Bdat;
            case SmtpVerb.Rset:
                Reply("250 2.0.0 Ok\r\n"u8);
                return Reset();
            case SmtpVerb.Noop:
                Reply("250 2.0.0 Ok\r\n"u8);
                return Step.Continue;
            case SmtpVerb.Quit:
                Reply("221 2.0.0 Bye\r\n"u8);
                _closing = true;
                return Step.Close;
            case SmtpVerb.Vrfy:
                Reply("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery\r\n"u8);
                return Step.Continue;
            case SmtpVerb.Help:
                Reply(_lmtp
                    ? "214 2.0.0 Commands: LHLO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS\r\n"u8
                    : "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH\r\n"u8);
                return Step.Continue;
            case SmtpVerb.StartTls:
                if (_connection.Features.Get<IStartTlsFeature>() is not { IsAvailable: true } || IsSecure)
                {
                    Error("454 4.7.0 TLS not available\r\n"u8);
                    return Step.Continue;
                }

                return Step.StartTls;
            case SmtpVerb.Auth:
                return Auth(command);
            default:
                Error("500 5.5.1 Command unrecognized\r\n"u8);
                return Step.Continue;
        }
    }

    private Step SyntaxError(SmtpVerb verb, SmtpParseError error)
    {
        switch (error)
        {
            case SmtpParseError.LineTooLong:
                Error("500 5.5.2 Line too long\r\n"u8);
                break;
            case SmtpParseError.BadAddress:
            case SmtpParseError.AddressTooLong:
                Error(verb == SmtpVerb.Mail ? "501 5.1.7 Bad sender address syntax\r\n"u8 : "501 5.1.3 Bad recipient address syntax\r\n"u8);
                break;
            case SmtpParseError.NeedsSmtpUtf8:
                Error("553 5.6.7 Non-ASCII addresses require SMTPUTF8\r\n"u8);
                break;
            case SmtpParseError.UnsupportedParameter:
                Error("555 5.5.4 Unsupported parameter\r\n"u8);
                break;
            case SmtpParseError.BadParameterValue:
                Error("501 5.5.4 Invalid parameter value\r\n"u8);
                break;
            default:
                switch (verb)
                {
                    case SmtpVerb.Helo:
                    case SmtpVerb.Ehlo:
                    case SmtpVerb.Lhlo:
                        // No enhanced status code on replies to HELO/EHLO/LHLO (RFC 2034 §3).
                        Error("501 Syntax: EHLO hostname\r\n"u8);
                        break;
                    case SmtpVerb.Mail:
                        Error("501 5.5.4 Syntax: MAIL FROM:<address>\r\n"u8);
                        break;
                    case SmtpVerb.Rcpt:
                        Error("501 5.5.4 Syntax: RCPT TO:<address>\r\n"u8);
                        break;
                    case SmtpVerb.Bdat:
                        // The chunk's length is unknown, so its bytes cannot be skipped: reading them as commands would let
                        // message content inject commands. The session ends.
                        Reply("501 5.5.4 Syntax: BDAT size [LAST]\r\n"u8);
                        WriteHostLine("421 4.7.0 "u8, " Error: cannot resynchronise after a malformed BDAT, closing connection\r\n"u8);
                        _closing = true;
                        return Step.Close;
                    case SmtpVerb.Auth:
                        Error("501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n"u8);
                        break;
                    case SmtpVerb.Vrfy:
                        Error("501 5.5.4 Syntax: VRFY address\r\n"u8);
                        break;
                    default:
                        Error("501 5.5.4 Syntax error: no parameters allowed\r\n"u8);
                        break;
                }

                break;
        }

        return _closing ? Step.Close : Step.Continue;
    }

    private Step OutOfSequence(scoped in SmtpCommand command)
    {
        switch (command.Verb)
        {
            case SmtpVerb.Bdat:
                // RFC 3030 §2: the chunk is read and discarded before the error is answered.
                _pendingChunk = new PendingChunk(command.ChunkSize, command.IsLastChunk, Accepted: false);
                return Step.Bdat;
            case SmtpVerb.Mail:
                Error(_state == SmtpState.Connected ? "503 5.5.1 Error: send HELO/EHLO first\r\n"u8 : "503 5.5.1 Error: nested MAIL command\r\n"u8);
                break;
            case SmtpVerb.Rcpt:
                Error(_state == SmtpState.Chunking ? "503 5.5.1 Error: RCPT not allowed after BDAT\r\n"u8 : "503 5.5.1 Error: need MAIL command\r\n"u8);
                break;
            case SmtpVerb.Data:
                Error(_state switch
                {
                    SmtpState.MailGiven => "554 5.5.1 Error: no valid recipients\r\n"u8,
                    SmtpState.Chunking => "503 5.5.1 Error: DATA not allowed after BDAT\r\n"u8,
                    _ => "503 5.5.1 Error: need RCPT command\r\n"u8,
                });
                break;
            case SmtpVerb.Auth:
                Error(_state == SmtpState.Connected ? "503 5.5.1 Error: send EHLO first\r\n"u8 : "503 5.5.1 Error: AUTH not allowed during a mail transaction\r\n"u8);
                break;
            case SmtpVerb.StartTls:
                Error("503 5.5.1 Error: STARTTLS not allowed during a mail transaction\r\n"u8);
                break;
            default:
                Error("503 5.5.1 Bad sequence of commands\r\n"u8);
                break;
        }

        return _closing ? Step.Close : Step.Continue;
    }

    private Step Hello(scoped in SmtpCommand command)
    {
        _helloName = Encoding.ASCII.GetString(command.Argument);
        _extended = command.Verb != SmtpVerb.Helo;
        var step = Reset();
        _state = SmtpState.Greeted;
        if (!_extended)
        {
            WriteHostLine("250 "u8, "\r\n"u8);
            return step;
        }

        WriteHostLine("250-"u8, "\r\n"u8);
        Reply("250-PIPELINING\r\n250-"u8);
        Reply(_services.SizeKeyword.Span);
        Reply("\r\n250-8BITMIME\r\n250-BINARYMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n"u8);
        if (!IsSecure && _connection.Features.Get<IStartTlsFeature>() is { IsAvailable: true })
        {
            Reply("250-STARTTLS\r\n"u8);
        }

        if (AuthAllowed && _services.SaslMechanisms.Names.Count > 0)
        {
            Reply("250-"u8);
            Reply(_services.AuthKeyword.Span);
            Reply("\r\n"u8);
        }

        Reply("250-CHUNKING\r\n250 DSN\r\n"u8);
        return step;
    }

    /// <summary>Ends any transaction (RSET, HELO/EHLO); a staged message from unfinished BDAT must be disposed asynchronously.</summary>
    private Step Reset()
    {
        _envelope = null;
        if (_state > SmtpState.Greeted)
        {
            _state = SmtpState.Greeted;
        }

        return _staged is null ? Step.Continue : Step.ReleaseStaged;
    }

    private Step Mail(scoped in SmtpCommand command)
    {
        if (RequiresAuthentication && _user is null)
        {
            Error("530 5.7.0 Authentication required\r\n"u8);
            return Step.Continue;
        }

        if (command.DeclaredSize > _options.MaxMessageSize)
        {
            Error("552 5.3.4 Message size exceeds fixed maximum message size\r\n"u8);
            return Step.Continue;
        }

        _pendingMail = new PendingMail(
            Encoding.UTF8.GetString(command.Address),
            command.SmtpUtf8,
            command.Body,
            command.DeclaredSize,
            command.Return,
            command.EnvelopeId.IsEmpty ? null : Encoding.ASCII.GetString(command.EnvelopeId));
        return Step.Mail;
    }

    private async Task MailAsync()
    {
        var mail = _pendingMail;
        if (_user is not null)
        {
            // Authenticated senders may only use their own addresses (issue 8: no sending as another user).
            bool allowed;
            try
            {
                allowed = mail.Sender.Length > 0 && await _services.Recipients.MaySendAsAsync(_user, mail.Sender, Aborted);
            }
            catch (Exception exception) when (IsServiceFailure(exception))
            {
                SmtpLog.LookupFailed(_services.Logger, _protocol, _connection.ConnectionId, exception);
                Reply("451 4.3.0 Temporary lookup failure, try again later\r\n"u8);
                return;
            }

            if (!allowed)
            {
                Error("553 5.7.1 Sender address rejected: not owned by the authenticated user\r\n"u8);
                return;
            }
        }

        _envelope = new SmtpEnvelope(mail.Sender, mail.SmtpUtf8, mail.Body, mail.DeclaredSize, mail.Return, mail.EnvelopeId);
        _state = SmtpState.MailGiven;
        Reply("250 2.1.0 Ok\r\n"u8);
    }

    private async Task RecipientAsync()
    {
        var recipient = _pendingRecipient;
        var address = recipient.Address;
        if (recipient.IsPostmaster)
        {
            if (_options.Domains.Count == 0)
            {
                Error("550 5.1.1 User unknown\r\n"u8);
                return;
            }

            address = "postmaster@" + _options.Domains[0];
        }

        RecipientResolution resolution;
        List<DeliveryTarget> targets = [];
        try
        {
            // Plus-addressing folders are confirmed against the store below, where the question can be asked asynchronously.
            resolution = await _services.Recipients.ResolveAsync(address, static (_, _) => true, Aborted);
            if (resolution.Status == RecipientStatus.Local)
            {
                foreach (var target in resolution.Targets)
                {
                    var folder = target.Folder is null ? null : await FindFolderAsync(target.User, target.Folder);
                    targets.Add(new DeliveryTarget(target.User.Domain, target.User.LocalPart, folder));
                }
            }
        }
        catch (Exception exception) when (IsServiceFailure(exception))
        {
            SmtpLog.LookupFailed(_services.Logger, _protocol, _connection.ConnectionId, exception);
            Reply("451 4.3.0 Temporary lookup failure, try again later\r\n"u8);
            return;
        }

        switch (resolution.Status)
        {
            case RecipientStatus.Local when targets.Count > 0:
                _envelope!.Recipients.Add(new SmtpRecipient(recipient.Address, targets, recipient.Notify, recipient.OriginalRecipient));
                _state = SmtpState.RecipientGiven;
                Reply("250 2.1.5 Ok\r\n"u8);
                break;
            case RecipientStatus.NotLocal:
                Error(_user is null
                    ? "550 5.7.1 Relaying denied\r\n"u8
                    : "550 5.7.1 Relaying denied: delivery to remote domains is not available (no outbound queue)\r\n"u8);
                break;
            case RecipientStatus.Invalid:
                Error("501 5.1.3 Bad recipient address syntax\r\n"u8);
                break;
            default:
                Error("550 5.1.1 User unknown\r\n"u8);
                break;
        }
    }

    /// <summary>The store's spelling of a plus-addressing folder if the user has it, else null (INBOX).</summary>
    private async ValueTask<string?> FindFolderAsync(MailUser user, string folder)
    {
        var account = await _services.Store.OpenAccountAsync(user.Domain, user.LocalPart, Aborted);
        foreach (var mailbox in await account.ListMailboxesAsync(Aborted))
        {
            if (!mailbox.NoSelect && string.Equals(mailbox.Name, folder, StringComparison.OrdinalIgnoreCase))
            {
                return string.Equals(mailbox.Name, "INBOX", StringComparison.OrdinalIgnoreCase) ? null : mailbox.Name;
            }
        }

        return null;
    }
}
