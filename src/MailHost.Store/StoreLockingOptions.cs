namespace MailHost.Store;

/// <summary>Folder lock budget (configuration section <c>Store:Locking</c>).</summary>
public sealed class StoreLockingOptions
{
    /// <summary>Retries after the first attempt to create <c>dovecot-uidlist.lock</c>.</summary>
    public int RetryAttempts { get; set; } = 16;

    public int FirstRetryDelayMs { get; set; } = 25;

    public int MaxRetryDelayMs { get; set; } = 250;

    /// <summary>Overall budget for one lock acquisition, retries included.</summary>
    public int TimeoutMs { get; set; } = 5000;

    /// <summary>A lock file not touched for this long is stale (Dovecot uses 120 s).</summary>
    public int StaleAfterSeconds { get; set; } = 120;
}
