using System.Globalization;
using MailHost.Connections.Configuration;
using MailHost.Connections.Diagnostics;
using MailHost.Connections.Hosting;
using MailHost.Connections.Middleware;
using MailHost.Connections.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailHost.Connections;

public static class ConnectionsServiceCollectionExtensions
{
    /// <summary>
    /// Seconds the host's shutdown timeout keeps beyond <see cref="ShutdownOptions.DrainSeconds"/> for unbinding and aborting.
    /// </summary>
    public const int ShutdownMarginSeconds = 2;

    /// <summary>Registers this component's services and options (bound from the root <paramref name="configuration"/>, validated at start-up).</summary>
    public static IServiceCollection AddMailHostConnections(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<EndpointsOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<EndpointsOptions>>(new EndpointsOptionsSetup(configuration));
        services.AddSingleton<IValidateOptions<EndpointsOptions>>(new EndpointsOptionsValidator(configuration));

        services.AddOptions<ConnectionLimitsOptions>().Bind(configuration.GetSection(ConnectionLimitsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectionLimitsOptions>, ConnectionLimitsOptionsValidator>();

        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>();

        services.AddOptions<TlsOptions>()
            .Bind(configuration.GetSection(TlsOptions.SectionName))
            .Configure(options =>
            {
                if (configuration["Data"] is { Length: > 0 } data)
                {
                    options.DataDirectory = data;
                }

                if (configuration["HostName"] is { Length: > 0 } hostName)
                {
                    options.HostName = hostName;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>();

        // The drain must fit inside the host's own stop budget, or the host gives up on us before sessions said goodbye.
        // Read raw: resolving ShutdownOptions here would validate while the host is being built, not when it starts.
        services.AddOptions<HostOptions>().PostConfigure(host =>
        {
            var drain = int.TryParse(configuration[$"{ShutdownOptions.SectionName}:DrainSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                ? Math.Clamp(seconds, 0, 600)
                : new ShutdownOptions().DrainSeconds;
            var needed = TimeSpan.FromSeconds(drain + ShutdownMarginSeconds);
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });

        services.TryAddSingleton<IEndpointCatalog, EndpointCatalog>();
        services.TryAddSingleton<ConnectionsMetrics>();
        services.TryAddSingleton<GlobalConnectionCounter>();
        services.TryAddSingleton<PerIpConnectionCounter>();
        services.TryAddSingleton<CertificateProvider>();
        services.TryAddSingleton<TlsHandshaker>();
        services.TryAddSingleton<EndpointPipelineBuilder>();
        services.AddHostedService<MailListenerService>();
        return services;
    }
}
