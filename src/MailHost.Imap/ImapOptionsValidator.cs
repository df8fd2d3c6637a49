using Microsoft.Extensions.Options;

namespace MailHost.Imap;

internal sealed class ImapOptionsValidator : IValidateOptions<ImapOptions>
{
    /// <summary>Kestrel's default pause threshold for a connection's input pipe; a line must fit below it or it would never complete.</summary>
    internal const int MaxSupportedLineLength = 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, ImapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxLineLength < 8192 || options.MaxLineLength > MaxSupportedLineLength)
        {
            failures.Add($"Imap:MaxLineLength must be between 8192 (RFC 7162 §4) and {MaxSupportedLineLength} (below the connection input buffer); it is {options.MaxLineLength}.");
        }

        if (options.AppendLimit < 1024)
        {
            failures.Add($"Imap:AppendLimit must be at least 1024 octets; it is {options.AppendLimit}.");
        }

        if (options.MaxLiteralDiscard < 0)
        {
            failures.Add("Imap:MaxLiteralDiscard must not be negative.");
        }

        if (options.PreAuthTimeoutSeconds < 10)
        {
            failures.Add("Imap:PreAuthTimeoutSeconds must be at least 10.");
        }

        if (options.AuthenticatedTimeoutSeconds < 1800)
        {
            failures.Add("Imap:AuthenticatedTimeoutSeconds must be at least 1800 (RFC 9051 §5.4).");
        }

        if (options.IdleTimeoutSeconds < 1800)
        {
            failures.Add("Imap:IdleTimeoutSeconds must be at least 1800 (RFC 9051 §5.4).");
        }

        if (options.MaxBadCommands < 1)
        {
            failures.Add("Imap:MaxBadCommands must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.HostName))
        {
            failures.Add("HostName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
