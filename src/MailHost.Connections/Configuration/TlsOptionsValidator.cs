using Microsoft.Extensions.Options;

namespace MailHost.Connections.Configuration;

internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string section = TlsOptions.SectionName;
        if (!string.IsNullOrEmpty(options.Certificate) && !File.Exists(options.Certificate))
        {
            failures.Add($"{section}:Certificate: file '{options.Certificate}' does not exist.");
        }

        if (!string.IsNullOrEmpty(options.Key))
        {
            if (string.IsNullOrEmpty(options.Certificate))
            {
                failures.Add($"{section}:Key: is set but {section}:Certificate is not.");
            }
            else if (!File.Exists(options.Key))
            {
                failures.Add($"{section}:Key: file '{options.Key}' does not exist.");
            }
        }

        if (options.HandshakeTimeoutSeconds is < 1 or > 300)
        {
            failures.Add($"{section}:HandshakeTimeoutSeconds: must be between 1 and 300 (was {options.HandshakeTimeoutSeconds}).");
        }

        if (string.IsNullOrWhiteSpace(options.HostName))
        {
            failures.Add("HostName: must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Data: must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
