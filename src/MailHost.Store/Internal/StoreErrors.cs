namespace MailHost.Store.Internal;

/// <summary>Maps file system failures to the store's answers (DESIGN.md "Failure answers").</summary>
internal static class StoreErrors
{
    private const int EnoSpc = 28;
    private const int ErOfs = 30;
    private const int EdQuotLinux = 122;
    private const int EdQuotMac = 69;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    public static StoreStatus Classify(Exception exception) => exception switch
    {
        KeywordLimitException => StoreStatus.TooManyKeywords,
        IOException { InnerException: { } inner } when IsStorageFailure(inner) => Classify(inner),
        // The folder's directory went away underneath (renamed or deleted by another process): the mailbox, not the disk.
        DirectoryNotFoundException => StoreStatus.NonExistent,
        UnauthorizedAccessException => StoreStatus.StorageReadOnly,
        IOException io when io.HResult is EnoSpc or WindowsDiskFull or WindowsHandleDiskFull => StoreStatus.DiskFull,
        IOException io when io.HResult == ErOfs => StoreStatus.StorageReadOnly,
        IOException io when !OperatingSystem.IsWindows() && io.HResult == (OperatingSystem.IsMacOS() ? EdQuotMac : EdQuotLinux) => StoreStatus.OverQuota,
        _ => StoreStatus.Failed,
    };

    /// <summary>Exceptions the store turns into a status instead of letting them escape to a protocol session.</summary>
    public static bool IsStorageFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;
}
