using MailHost.Connections.Configuration;
using Microsoft.Extensions.Options;

namespace MailHost.Imap;

internal sealed class ImapOptionsValidator : IValidateOptions<ImapOptions>
{
    private readonly IOptions<ConnectionLimitsOptions> _limits;

    public ImapOptionsValidator(IOptions<ConnectionLimitsOptions> limits)
    {
        _limits = limits;
    }

    public ValidateOptionsResult Validate(string? name, ImapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        // A line, or a command with its small literals (twice the line), must fit below the input pipe's pause threshold or it never completes.
        var inputBuffer = _limits.Value.InputBufferBytes;
        if (options.MaxLineLength < 8192 || 2L * options.MaxLineLength >= inputBuffer)
        {
            failures.Add($"Imap:MaxLineLength must be at least 8192 (RFC 7162 §4) and less than half of Limits:InputBufferBytes ({inputBuffer}); it is {options.MaxLineLength}.");
        }

        if (options.AppendLimit < 1024)
        {
            failures.Add($"Imap:AppendLimit must be at least 1024 octets; it is {options.AppendLimit}.");
        }

        if (options.MaxLiteralDiscard < 0)
        {
            failures.Add("Imap:MaxLiteralDiscard must not be negative.");
        }

        // No RFC floor before login (RFC 9051 §5.4 only bounds the authenticated states); a short value is how a
        // server under a connection flood sheds idle sockets, and how tests observe the timeout without waiting.
        if (options.PreAuthTimeoutSeconds < 1)
        {
            failures.Add("Imap:PreAuthTimeoutSeconds must be at least 1.");
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
