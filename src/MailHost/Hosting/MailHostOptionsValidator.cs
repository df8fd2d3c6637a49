using Microsoft.Extensions.Options;

namespace MailHost.Hosting;

internal sealed class MailHostOptionsValidator : IValidateOptions<MailHostOptions>
{
    public ValidateOptionsResult Validate(string? name, MailHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Data))
        {
            failures.Add($"{MailHostOptions.DataKey} must name a folder.");
        }

        if (string.IsNullOrWhiteSpace(options.HostName) || Uri.CheckHostName(options.HostName) == UriHostNameType.Unknown)
        {
            failures.Add($"{MailHostOptions.HostNameKey} must be a host name (got '{options.HostName}').");
        }

        if (options.Domains.Count == 0)
        {
            failures.Add($"{MailHostOptions.DomainsKey} must list at least one local domain.");
        }

        for (var i = 0; i < options.Domains.Count; i++)
        {
            var domain = options.Domains[i];
            if (string.IsNullOrWhiteSpace(domain) || Uri.CheckHostName(domain) != UriHostNameType.Dns)
            {
                failures.Add($"{MailHostOptions.DomainsKey}:{i} is not a domain name (got '{domain}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
