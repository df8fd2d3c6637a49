namespace MailHost.Accounts;

/// <summary>The <c>Accounts:</c> configuration section.</summary>
public sealed class AccountsOptions
{
    public const string SectionName = "Accounts";

    /// <summary>Below this a PBKDF2-SHA256 hash is too cheap to brute-force offline.</summary>
    public const int MinimumPbkdf2Iterations = 10_000;

    /// <summary>Iterations for hashes we write (<c>Accounts:Pbkdf2Iterations</c>); existing hashes keep their own count.</summary>
    public int Pbkdf2Iterations { get; set; } = 600_000;

    /// <summary>How long a successful verification is remembered (<c>Accounts:AuthCacheSeconds</c>); 0 turns the cache off.</summary>
    public int AuthCacheSeconds { get; set; } = 3600;

    /// <summary>Concurrent password verifications; further attempts fail at once with Unavailable.</summary>
    public int MaxConcurrentVerifications { get; set; } = Environment.ProcessorCount;

    public bool LocalPartCaseSensitive { get; set; }

    /// <summary><c>user+tag@domain</c> delivers to <c>user</c> (into folder <c>tag</c> if it exists).</summary>
    public bool PlusAddressing { get; set; } = true;

    public string PlusSeparator { get; set; } = "+";

    public AccountsThrottleOptions Throttle { get; set; } = new();

    /// <summary>Domain → address that receives mail for unknown local parts of that domain (<c>Accounts:CatchAll:&lt;domain&gt;</c>).</summary>
    public Dictionary<string, string> CatchAll { get; } = new(StringComparer.OrdinalIgnoreCase);
}
