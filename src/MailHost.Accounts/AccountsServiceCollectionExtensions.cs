using MailHost.Accounts.Authentication;
using MailHost.Accounts.Hashing;
using MailHost.Accounts.Recipients;
using MailHost.Accounts.Sasl;
using MailHost.Accounts.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>Registers this component's services and options (bound from the root <paramref name="configuration"/>, validated at start-up).</summary>
    public static IServiceCollection AddMailHostAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<AccountsOptions>().Bind(configuration.GetSection(AccountsOptions.SectionName)).ValidateOnStart();
        services.AddOptions<AccountsSiteOptions>()
            .Bind(configuration)
            .Configure(site =>
            {
                // A single environment variable (MAILHOST_DOMAINS=a.example,b.example) arrives as one value, not a list.
                var scalar = configuration["Domains"];
                if (site.Domains.Count == 0 && !string.IsNullOrWhiteSpace(scalar))
                {
                    site.Domains.AddRange(scalar.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                }
            })
            .PostConfigure(static site =>
            {
                if (site.Domains.Count == 0)
                {
                    site.Domains.Add("localhost");
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccountsOptions>, AccountsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccountsSiteOptions>, AccountsSiteOptionsValidator>());

        services.TryAddSingleton<AddressCanonicalizer>();
        services.TryAddSingleton<IAddressCanonicalizer>(static provider => provider.GetRequiredService<AddressCanonicalizer>());
        services.TryAddSingleton<LocalDomains>();
        services.TryAddSingleton<IPasswordHasher, PasswordHasher>();
        services.TryAddSingleton<UsersFile>();
        services.TryAddSingleton<AliasesFile>();
        services.TryAddSingleton<AccountsMetrics>();
        services.TryAddSingleton<AuthenticationCache>();
        services.TryAddSingleton<AuthenticationThrottle>();
        services.TryAddSingleton<IAuthenticator, Authenticator>();
        services.TryAddSingleton<ISaslMechanisms, SaslMechanisms>();
        services.TryAddSingleton<IRecipientResolver, RecipientResolver>();
        services.TryAddSingleton<IUserAdministration, UserAdministration>();
        return services;
    }
}
