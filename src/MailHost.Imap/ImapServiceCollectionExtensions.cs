using MailHost.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHost.Imap;

public static class ImapServiceCollectionExtensions
{
    /// <summary>Registers this component's services and options (bound from the root <paramref name="configuration"/>, validated at start-up).</summary>
    public static IServiceCollection AddMailHostImap(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ImapOptions>()
            .Bind(configuration.GetSection(ImapOptions.SectionName))
            .Configure(options =>
            {
                var hostName = configuration["HostName"];
                if (!string.IsNullOrWhiteSpace(hostName))
                {
                    options.HostName = hostName;
                }

                options.AllowPlaintextAuth = configuration.GetValue("Security:AllowPlaintextAuth", options.AllowPlaintextAuth);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImapOptions>, ImapOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ImapMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailProtocolHandler, ImapProtocolHandler>());
        return services;
    }
}
