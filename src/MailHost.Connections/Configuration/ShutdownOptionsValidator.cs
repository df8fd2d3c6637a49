using Microsoft.Extensions.Options;

namespace MailHost.Connections.Configuration;

internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DrainSeconds is < 0 or > 600
            ? ValidateOptionsResult.Fail($"{ShutdownOptions.SectionName}:DrainSeconds: must be between 0 and 600 (was {options.DrainSeconds}).")
            : ValidateOptionsResult.Success;
    }
}
