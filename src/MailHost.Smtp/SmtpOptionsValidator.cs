using MailHost.Connections.Configuration;
using MailHost.Smtp.Parsing;
using Microsoft.Extensions.Options;

namespace MailHost.Smtp;

/// <remarks>
/// The largest command window (a SASL line) must stay below the connection input buffer, or the line could never be read
/// whole and the connection would hang. DATA lines are streamed, so <see cref="SmtpOptions.MaxLineLength"/> is not bounded by it.
/// </remarks>
internal sealed class SmtpOptionsValidator(IOptions<ConnectionLimitsOptions> limits) : IValidateOptions<SmtpOptions>
{
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

        if (options.MaxTransferSeconds < 1)
        {
            failures.Add("Smtp:MaxTransferSeconds must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.HostName)
            || !SmtpAddressSyntax.IsDomain(System.Text.Encoding.UTF8.GetBytes(options.HostName)))
        {
            failures.Add("HostName must be a domain name (letters, digits, dots and hyphens).");
        }

        var inputBuffer = limits.Value.InputBufferBytes;
        if (SmtpLimits.LargestWindow >= inputBuffer)
        {
            failures.Add($"{ConnectionLimitsOptions.SectionName}:InputBufferBytes must exceed the longest SMTP line ({SmtpLimits.LargestWindow} octets, a SASL response), was {inputBuffer}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
