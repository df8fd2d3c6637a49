using Microsoft.Extensions.Options;

namespace MailHost.Connections.Configuration;

internal sealed class ConnectionLimitsOptionsValidator : IValidateOptions<ConnectionLimitsOptions>
{
    /// <summary>Below this a single IMAP command line or TLS record would not fit.</summary>
    internal const int MinimumInputBufferBytes = 32 * 1024;

    public ValidateOptionsResult Validate(string? name, ConnectionLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string section = ConnectionLimitsOptions.SectionName;
        if (options.MaxConnections < 1)
        {
            failures.Add($"{section}:MaxConnections: must be at least 1 (was {options.MaxConnections}).");
        }

        if (options.MaxConnectionsPerIp < 1)
        {
            failures.Add($"{section}:MaxConnectionsPerIp: must be at least 1 (was {options.MaxConnectionsPerIp}).");
        }

        if (options.InputBufferBytes < MinimumInputBufferBytes)
        {
            failures.Add($"{section}:InputBufferBytes: must be at least {MinimumInputBufferBytes} (was {options.InputBufferBytes}).");
        }

        if (options.DefaultTimeoutSeconds < 1)
        {
            failures.Add($"{section}:DefaultTimeoutSeconds: must be at least 1 (was {options.DefaultTimeoutSeconds}).");
        }

        if (options.CommandsPerSecond < 0)
        {
            failures.Add($"{section}:CommandsPerSecond: must be 0 (off) or more (was {options.CommandsPerSecond}).");
        }

        if (options.CommandBurst < 1)
        {
            failures.Add($"{section}:CommandBurst: must be at least 1 (was {options.CommandBurst}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
