using Microsoft.Extensions.Logging;

namespace MailHost.Accounts;

internal static partial class AccountsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Path}:{Line}: {Problem}; line ignored")]
    public static partial void IgnoredLine(this ILogger logger, string path, int line, string problem);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Path}:{Line}: duplicate entry for {Address}; the first one (line {FirstLine}) wins")]
    public static partial void DuplicateEntry(this ILogger logger, string path, int line, string address, int firstLine);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "User {Address} has a password in unsupported scheme \"{Scheme}\" and cannot log in")]
    public static partial void UnsupportedScheme(this ILogger logger, string address, string scheme);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Loaded {Path}: {Count} entries")]
    public static partial void FileLoaded(this ILogger logger, string path, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not read {Path}; keeping the previous contents")]
    public static partial void FileReadFailed(this ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Cannot watch {Path} for changes; relying on checking its time stamp and size")]
    public static partial void WatchFailed(this ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Alias loop through {Address}; that branch delivers nowhere")]
    public static partial void AliasLoop(this ILogger logger, string address);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Alias chain deeper than {Depth} at {Address}; that branch delivers nowhere")]
    public static partial void AliasTooDeep(this ILogger logger, string address, int depth);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Authentication for {User} from {Remote}: {Result}")]
    public static partial void AuthenticationResult(this ILogger logger, string user, string remote, AuthenticationStatus result);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Authentication throttled for {User} from {Remote}")]
    public static partial void Throttled(this ILogger logger, string user, string remote);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Path}:{Line}: {Problem}; target ignored")]
    public static partial void IgnoredTarget(this ILogger logger, string path, int line, string problem);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Watcher for {Path} reported an error; will re-check the file")]
    public static partial void WatcherError(this ILogger logger, string path, Exception exception);
}
