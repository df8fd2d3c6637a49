using System.Globalization;
using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Connections.Configuration;
using MailHost.Imap;
using MailHost.Smtp;
using MailHost.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MailHost.Hosting;

/// <summary>Creates the generic host every verb shares, so the CLI honours exactly the configuration the daemon uses.</summary>
internal static class MailHostApplication
{
    public const string DrainSecondsKey = ShutdownOptions.SectionName + ":DrainSeconds";

    public static HostApplicationBuilder CreateBuilder(MailHostEnvironment environment, IReadOnlyList<string> configurationArgs, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configurationArgs);

        // DisableDefaults: the default sources would add every environment variable unprefixed (a stray DATA=… would
        // move the store) and appsettings.{Environment}.json; the documented order is built by MailHostConfiguration.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = environment.BaseDirectory,
            Args = [.. configurationArgs],
            Configuration = MailHostConfiguration.Build(environment, configurationArgs),
            DisableDefaults = true,
        });

        ConfigureLogging(builder.Logging, builder.Configuration);
        AddHostOptions(builder.Services, builder.Configuration);

        builder.Services.AddMailHostAccounts(builder.Configuration);
        builder.Services.AddMailHostStore(builder.Configuration);
        builder.Services.AddMailHostConnections(builder.Configuration);
        builder.Services.AddMailHostSmtp(builder.Configuration);
        builder.Services.AddMailHostImap(builder.Configuration);
        builder.Services.AddHostedService<StartupReporter>();

        configureServices?.Invoke(builder.Services);
        return builder;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
    }

    private static void AddHostOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailHostOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailHostOptions>, MailHostOptionsValidator>();
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName)).ValidateOnStart();

        // Exactly drain + 2 s (the listener only ever raises it). Read raw: a bad value is reported by the Shutdown
        // options validation at start, not thrown while the host is being built.
        services.AddOptions<HostOptions>().Configure(host =>
        {
            var drain = int.TryParse(configuration[DrainSecondsKey], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
                ? seconds
                : new ShutdownOptions().DrainSeconds;
            host.ShutdownTimeout = TimeSpan.FromSeconds(drain + ConnectionsServiceCollectionExtensions.ShutdownMarginSeconds);
        });
    }
}
