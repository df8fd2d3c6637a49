using MailHost.Smtp.Parsing;
using Microsoft.Extensions.Options;

namespace MailHost.Smtp;

internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    /// <summary>
    /// The pipe pause threshold the command windows must stay below (System.IO.Pipelines' default, 64 KiB). MailHost.Connections
    /// exposes no input buffer setting yet; if it grows one, validate against it instead. DATA lines are streamed, so
    /// <see cref="SmtpOptions.MaxLineLength"/> is not bounded by it.
    /// </summary>
    internal static int InputPauseThreshold { get; } = 65_536;

    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxMessageSize < 1024)
        {
            failures.Add("Smtp:MaxMessageSize must be at least 1024 octets.");
        }

        if (options.MaxRecipients < 1)
        {
            failures.Add("Smtp:MaxRecipients must be at least 1.");
        }

        if (options.MaxErrors < 1)
        {
            failures.Add("Smtp:MaxErrors must be at least 1.");
        }

        if (options.MaxLineLength < 998 || options.MaxLineLength > 1_048_576)
        {
            failures.Add("Smtp:MaxLineLength must be between 998 (RFC 5321) and 1048576 octets.");
        }

        if (options.CommandTimeoutSeconds < 1)
        {
            failures.Add("Smtp:CommandTimeoutSeconds must be at least 1.");
        }

        if (options.DataTimeoutSeconds < 1)
        {
            failures.Add("Smtp:DataTimeoutSeconds must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.HostName)
            || !SmtpAddressSyntax.IsDomain(System.Text.Encoding.UTF8.GetBytes(options.HostName)))
        {
            failures.Add("HostName must be a domain name (letters, digits, dots and hyphens).");
        }

        if (SmtpLimits.LargestWindow >= InputPauseThreshold)
        {
            failures.Add("Smtp: the SASL line window must stay below the connection input buffer.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
