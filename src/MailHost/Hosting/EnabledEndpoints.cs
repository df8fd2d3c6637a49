using MailHost.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHost.Hosting;

/// <summary>A daemon with every endpoint disabled would run and serve nothing; that is a configuration mistake.</summary>
internal static class EnabledEndpoints
{
    public const string SectionName = "Endpoints";

    /// <summary>Resolves the catalog (which validates every <c>Endpoints:*</c> key) and insists on one enabled endpoint.</summary>
    public static IEndpointCatalog Require(IServiceProvider services)
    {
        var catalog = services.GetRequiredService<IEndpointCatalog>();
        if (!catalog.Endpoints.Any(e => e.Enabled))
        {
            throw new OptionsValidationException(
                SectionName,
                typeof(IEndpointCatalog),
                [$"{SectionName}: every endpoint is disabled; enable at least one (e.g. {SectionName}:imap:Enabled=true)."]);
        }

        return catalog;
    }
}
