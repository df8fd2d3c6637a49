using Microsoft.Extensions.Options;

namespace MailHost.Accounts;

internal sealed class AccountsSiteOptionsValidator : IValidateOptions<AccountsSiteOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountsSiteOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Data))
        {
            failures.Add("Data must name a folder.");
        }

        var canonicalizer = new AddressCanonicalizer(localPartCaseSensitive: false);
        for (var i = 0; i < options.Domains.Count; i++)
        {
            if (!canonicalizer.TryCanonicalizeDomain(options.Domains[i], out _, out var error))
            {
                failures.Add($"Domains:{i} (\"{options.Domains[i]}\"): {error}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
