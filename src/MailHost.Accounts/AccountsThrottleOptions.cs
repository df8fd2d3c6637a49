namespace MailHost.Accounts;

/// <summary>The <c>Accounts:Throttle:</c> section: failed logins per remote address and per user within a window.</summary>
public sealed class AccountsThrottleOptions
{
    /// <summary>Failures (per address, per user) within the window after which attempts are refused as Unavailable.</summary>
    public int MaxFailures { get; set; } = 10;

    public int WindowSeconds { get; set; } = 900;

    /// <summary>Delay before answering the first failure; doubles with every further failure in the window.</summary>
    public int BaseDelayMilliseconds { get; set; } = 250;

    public int MaxDelayMilliseconds { get; set; } = 4000;
}
