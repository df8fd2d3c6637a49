using MailHost.Connections;
using MailHost.Smtp.Session;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHost.Smtp;

public static class SmtpServiceCollectionExtensions
{
    /// <summary>Registers this component's services and options (bound from the root <paramref name="configuration"/>, validated at start-up).</summary>
    /// <remarks>Adds two <see cref="IMailProtocolHandler"/>s (SMTP and LMTP). Needs the accounts (ISaslMechanisms, IAuthenticator,
    /// IRecipientResolver) and the store (IMailStore) registered as well.</remarks>
    public static IServiceCollection AddMailHostSmtp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.SectionName))
            .Configure(options =>
            {
                var hostName = configuration["HostName"];
                if (!string.IsNullOrWhiteSpace(hostName))
                {
                    options.HostName = hostName;
                }

                // Domains is a list, or one comma-separated value (a single MAILHOST_DOMAINS variable), as the accounts read it.
                var domains = configuration.GetSection("Domains").Get<string[]>() is { Length: > 0 } list
                    ? list
                    : (configuration["Domains"] ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var domain in domains)
                {
                    options.Domains.Add(domain);
                }

                options.AllowPlaintextAuth = configuration.GetValue("Security:AllowPlaintextAuth", false);
            })
            .PostConfigure(static options =>
            {
                // Same default as the accounts layer, so the bare Postmaster recipient always has a domain.
                if (options.Domains.Count == 0)
                {
                    options.Domains.Add("localhost");
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SmtpMetrics>();
        services.TryAddSingleton<SmtpServices>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailProtocolHandler, SmtpProtocolHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailProtocolHandler, LmtpProtocolHandler>());
        return services;
    }
}
