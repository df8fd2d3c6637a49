using Microsoft.Extensions.Options;

namespace MailHost.Accounts;

internal sealed class AccountsOptionsValidator : IValidateOptions<AccountsOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountsOptions options)
    {
        var failures = new List<string>();
        if (options.Pbkdf2Iterations < AccountsOptions.MinimumPbkdf2Iterations)
        {
            failures.Add($"Accounts:Pbkdf2Iterations must be at least {AccountsOptions.MinimumPbkdf2Iterations} (got {options.Pbkdf2Iterations}).");
        }

        if (options.AuthCacheSeconds < 0)
        {
            failures.Add($"Accounts:AuthCacheSeconds must not be negative (got {options.AuthCacheSeconds}).");
        }

        if (options.MaxConcurrentVerifications < 1)
        {
            failures.Add($"Accounts:MaxConcurrentVerifications must be at least 1 (got {options.MaxConcurrentVerifications}).");
        }

        if (options.PlusSeparator.Length != 1 || options.PlusSeparator[0] is '@' or '"' or '.' || char.IsWhiteSpace(options.PlusSeparator[0]))
        {
            failures.Add($"Accounts:PlusSeparator must be one character other than '@', '.', '\"' or white space (got \"{options.PlusSeparator}\").");
        }

        var throttle = options.Throttle;
        if (throttle.MaxFailures < 1)
        {
            failures.Add($"Accounts:Throttle:MaxFailures must be at least 1 (got {throttle.MaxFailures}).");
        }

        if (throttle.WindowSeconds < 1)
        {
            failures.Add($"Accounts:Throttle:WindowSeconds must be at least 1 (got {throttle.WindowSeconds}).");
        }

        if (throttle.BaseDelayMilliseconds < 0 || throttle.MaxDelayMilliseconds < throttle.BaseDelayMilliseconds)
        {
            failures.Add("Accounts:Throttle:BaseDelayMilliseconds must be between 0 and Accounts:Throttle:MaxDelayMilliseconds.");
        }

        var canonicalizer = new AddressCanonicalizer(options.LocalPartCaseSensitive);
        foreach (var (domain, target) in options.CatchAll)
        {
            if (!canonicalizer.TryCanonicalizeDomain(domain, out _, out var domainError))
            {
                failures.Add($"Accounts:CatchAll:{domain}: {domainError}.");
            }

            if (!canonicalizer.TryCanonicalize(target, out _, out var error))
            {
                failures.Add($"Accounts:CatchAll:{domain}: target \"{target}\": {error}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
