using Microsoft.Extensions.Logging;

namespace MailHost.Store.Internal;

internal static partial class StoreLog
{
    [LoggerMessage(1, LogLevel.Information, "Mail store at {MailRoot} uses info separator '{Separator}'")]
    public static partial void StoreOpened(ILogger logger, string mailRoot, char separator);

    [LoggerMessage(2, LogLevel.Warning, "dovecot-uidlist in {Folder} was missing or unreadable and N could not be proven; new UIDVALIDITY {UidValidity}")]
    public static partial void UidValidityReset(ILogger logger, string folder, uint uidValidity);

    [LoggerMessage(3, LogLevel.Information, "dovecot-uidlist in {Folder} repaired (torn or stale lines)")]
    public static partial void UidListRepaired(ILogger logger, string folder);

    [LoggerMessage(4, LogLevel.Error, "Store operation {Operation} failed in {Folder} (correlation {CorrelationId})")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string operation, string folder, string correlationId);

    [LoggerMessage(5, LogLevel.Warning, "Folder lock for {Folder} not obtained within the budget ({Operation})")]
    public static partial void LockBudgetExhausted(ILogger logger, string folder, string operation);

    [LoggerMessage(6, LogLevel.Information, "Swept {Count} abandoned tmp/ files under {MailRoot}")]
    public static partial void TmpSwept(ILogger logger, int count, string mailRoot);

    [LoggerMessage(7, LogLevel.Warning, "Delivery to {Domain}/{LocalPart} failed with {Status}")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string domain, string localPart, StoreStatus status);

    [LoggerMessage(8, LogLevel.Warning, "Store at {MailRoot} records separator '{Recorded}', configuration asks for '{Configured}'; keeping the recorded one")]
    public static partial void SeparatorMismatch(ILogger logger, string mailRoot, char recorded, string configured);

    [LoggerMessage(9, LogLevel.Warning, "dovecot-uidlist in {Folder} lost records of UIDs already given out and they cannot be recovered; new UIDVALIDITY {UidValidity}")]
    public static partial void UidValidityResetForLostRecords(ILogger logger, string folder, uint uidValidity);

    [LoggerMessage(10, LogLevel.Debug, "Trimmed the cached state of {Count} folders idle for {Minutes} minutes; {Folders} folders, {Accounts} accounts and {Gates} gates kept")]
    public static partial void IdleFoldersTrimmed(ILogger logger, int count, int minutes, int folders, int accounts, int gates);
}
