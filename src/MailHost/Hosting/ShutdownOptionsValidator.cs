using Microsoft.Extensions.Options;

namespace MailHost.Hosting;

internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DrainSeconds is < 0 or > ShutdownOptions.MaximumDrainSeconds
            ? ValidateOptionsResult.Fail($"{ShutdownOptions.DrainSecondsKey} must be between 0 and {ShutdownOptions.MaximumDrainSeconds} (got {options.DrainSeconds}).")
            : ValidateOptionsResult.Success;
    }
}
