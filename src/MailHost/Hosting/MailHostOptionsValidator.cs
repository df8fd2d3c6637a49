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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
