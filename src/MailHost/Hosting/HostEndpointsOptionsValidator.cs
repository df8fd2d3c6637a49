using Microsoft.Extensions.Options;

namespace MailHost.Hosting;

internal sealed class HostEndpointsOptionsValidator : IValidateOptions<HostEndpointsOptions>
{
    public ValidateOptionsResult Validate(string? name, HostEndpointsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Errors.Count > 0)
        {
            return ValidateOptionsResult.Fail(options.Errors);
        }

        return options.Endpoints.Any(e => e.Enabled)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{EndpointConfigurationReader.SectionName}: every endpoint is disabled; enable at least one (e.g. {EndpointConfigurationReader.SectionName}:imap:Enabled=true).");
    }
}
