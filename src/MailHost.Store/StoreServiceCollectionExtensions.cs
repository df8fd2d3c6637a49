using MailHost.Store.Internal;
using MailHost.Store.Locking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MailHost.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>Registers this component's services and options (bound from the root <paramref name="configuration"/>, validated at start-up).</summary>
    public static IServiceCollection AddMailHostStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .Configure(options =>
            {
                if (configuration["Data"] is { Length: > 0 } data)
                {
                    options.DataPath = data;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton<StoreInstrumentation>();
        services.AddResiliencePipeline<string, bool>(FolderLocker.PipelineKey, static (builder, context) =>
        {
            var locking = context.ServiceProvider.GetRequiredService<IOptions<StoreOptions>>().Value.Locking;
            var instrumentation = context.ServiceProvider.GetRequiredService<StoreInstrumentation>();
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            builder
                .AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromMilliseconds(locking.TimeoutMs) })
                .AddRetry(new RetryStrategyOptions<bool>
                {
                    // The callback returns false while someone else holds dovecot-uidlist.lock.
                    ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is null && !args.Outcome.Result),
                    MaxRetryAttempts = locking.RetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(locking.FirstRetryDelayMs),
                    MaxDelay = TimeSpan.FromMilliseconds(locking.MaxRetryDelayMs),
                    OnRetry = args =>
                    {
                        instrumentation.LockRetried();
                        return default;
                    },
                });
        });
        services.TryAddSingleton<FolderLocker>();
        services.TryAddSingleton<StoreContext>();
        services.TryAddSingleton<MailStore>();
        services.TryAddSingleton<IMailStore>(static sp => sp.GetRequiredService<MailStore>());
        services.TryAddSingleton<IMessageDelivery>(static sp => sp.GetRequiredService<MailStore>().Delivery);
        services.TryAddSingleton<TmpSweeper>();
        services.AddHostedService(static sp => sp.GetRequiredService<TmpSweeper>());
        services.TryAddSingleton<IdleFolderTrimmer>();
        services.AddHostedService(static sp => sp.GetRequiredService<IdleFolderTrimmer>());
        return services;
    }
}
