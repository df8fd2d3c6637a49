using Microsoft.Extensions.Options;

namespace MailHost.Store.Internal;

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataPath))
        {
            failures.Add("Data must name a directory.");
        }

        if (options.InfoSeparator is not ("auto" or ":" or ";"))
        {
            failures.Add("Store:InfoSeparator must be 'auto', ':' or ';'.");
        }

        Check(failures, options.PollIntervalMs, 10, 3_600_000, "Store:PollIntervalMs");
        Check(failures, options.TmpMaxAgeHours, 1, 24 * 365, "Store:TmpMaxAgeHours");
        Check(failures, options.TmpSweepIntervalMinutes, 1, 24 * 60, "Store:TmpSweepIntervalMinutes");
        Check(failures, options.IdleFolderTrimMinutes, 0, 24 * 60, "Store:IdleFolderTrimMinutes");
        var locking = options.Locking;
        Check(failures, locking.RetryAttempts, 0, 1000, "Store:Locking:RetryAttempts");
        Check(failures, locking.FirstRetryDelayMs, 1, 60_000, "Store:Locking:FirstRetryDelayMs");
        Check(failures, locking.MaxRetryDelayMs, 1, 60_000, "Store:Locking:MaxRetryDelayMs");
        Check(failures, locking.TimeoutMs, 10, 600_000, "Store:Locking:TimeoutMs");
        Check(failures, locking.StaleAfterSeconds, 5, 86_400, "Store:Locking:StaleAfterSeconds");
        if (locking.MaxRetryDelayMs < locking.FirstRetryDelayMs)
        {
            failures.Add("Store:Locking:MaxRetryDelayMs must not be below Store:Locking:FirstRetryDelayMs.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, int value, int min, int max, string key)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be between {min} and {max} (was {value}).");
        }
    }
}
