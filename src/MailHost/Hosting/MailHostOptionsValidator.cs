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

        // HostName's syntax is checked by the SMTP options (it becomes the greeting and EHLO name); checking it here too
        // would print the same mistake twice.

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
