using Microsoft.Extensions.Logging;

namespace MailHost.Smtp.Session;

internal static partial class SmtpLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Protocol} session {ConnectionId} ended: {Reason}")]
    public static partial void SessionEnded(ILogger logger, string protocol, string connectionId, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Protocol} session {ConnectionId}: client went away during message transfer, nothing delivered")]
    public static partial void DisconnectedDuringTransfer(ILogger logger, string protocol, string connectionId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Protocol} session {ConnectionId}: delivered {Size} octets from <{Sender}> to {Recipients} recipient(s)")]
    public static partial void Delivered(ILogger logger, string protocol, string connectionId, long size, string sender, int recipients);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Protocol} session {ConnectionId}: delivery failed")]
    public static partial void DeliveryFailed(ILogger logger, string protocol, string connectionId, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "{Protocol} session {ConnectionId}: recipient or sender lookup failed")]
    public static partial void LookupFailed(ILogger logger, string protocol, string connectionId, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "{Protocol} session {ConnectionId}: authentication failed")]
    public static partial void AuthenticationFailed(ILogger logger, string protocol, string connectionId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Protocol} session {ConnectionId}: delivery to {Domain}/{LocalPart} answered {Status}")]
    public static partial void DeliveryRefused(ILogger logger, string protocol, string connectionId, string domain, string localPart, MailHost.Store.StoreStatus status);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "{Protocol} session {ConnectionId}: the delivery status notification to the sender failed")]
    public static partial void NotificationFailed(ILogger logger, string protocol, string connectionId, Exception? exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "{Protocol} session {ConnectionId}: NOT delivered {Size} octets from <{Sender}> to {Recipients} recipient(s); the client was answered 4xx/5xx")]
    public static partial void NotDelivered(ILogger logger, string protocol, string connectionId, long size, string sender, int recipients);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "{Protocol} session {ConnectionId}: too many errors, closing")]
    public static partial void TooManyErrors(ILogger logger, string protocol, string connectionId);
}
