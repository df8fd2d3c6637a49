using Microsoft.Extensions.Logging;

namespace MailHost.Imap.Session;

internal static partial class ImapLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "IMAP session started from {Remote}")]
    public static partial void SessionStarted(ILogger logger, string? remote);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "IMAP login of {User} from {Remote}")]
    public static partial void LoggedIn(ILogger logger, string user, string? remote);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "IMAP authentication failed from {Remote}")]
    public static partial void AuthenticationFailed(ILogger logger, string? remote);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "IMAP command {Command} failed; correlation id {CorrelationId}")]
    public static partial void CommandFailed(ILogger logger, Exception exception, ImapCommand command, string correlationId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "IMAP session from {Remote} closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, string? remote, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "IMAP selected mailbox {Mailbox} was renamed or deleted underneath the session: {Detail}")]
    public static partial void SelectedMailboxGone(ILogger logger, string mailbox, string detail);
}
