using MailHost.Accounts;
using MailHost.Connections.Configuration;
using MailHost.Health;
using MailHost.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Cli;

/// <summary>What each verb does. Every verb builds the same host (same configuration, same services); only <c>serve</c> starts it.</summary>
internal sealed class MailHostVerbs(CliConsole console, MailHostEnvironment environment, IReadOnlyList<string> configurationArgs, Action<IServiceCollection>? configureServices)
{
    public const int Success = 0;
    public const int Failure = 1;

    public async Task<int> ServeAsync(CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            var builder = MailHostApplication.CreateBuilder(environment, configurationArgs, configureServices);
            Directory.CreateDirectory(builder.Configuration[MailHostOptions.DataKey]!);
            host = builder.Build();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            StartupErrors.Write(console.Error, e);
            return Failure;
        }

        try
        {
            try
            {
                // Every options failure at once first, then the whole-catalog rule, then start (which binds).
                host.Services.GetRequiredService<IStartupValidator>().Validate();
                EnabledEndpoints.Require(host.Services);
                await host.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                StartupErrors.Write(console.Error, e);
                await StopAfterFailedStartAsync(host);
                return Failure;
            }

            await host.WaitForShutdownAsync(cancellationToken);
            return await ReportFaultedServicesAsync(host);
        }
        finally
        {
            await DisposeAsync(host);
        }
    }

    public Task<int> AddUserAsync(string address, bool passwordFromStdin, CancellationToken cancellationToken) =>
        WithPasswordAsync(address, passwordFromStdin, static (users, a, p, ct) => users.AddAsync(a, p, ct), $"added {address}", cancellationToken);

    public Task<int> SetPasswordAsync(string address, bool passwordFromStdin, CancellationToken cancellationToken) =>
        WithPasswordAsync(address, passwordFromStdin, static (users, a, p, ct) => users.SetPasswordAsync(a, p, ct), $"password changed for {address}", cancellationToken);

    public Task<int> RemoveUserAsync(string address, CancellationToken cancellationToken) =>
        WithUsersAsync(
            async (users, ct) => await ReportAsync(await users.RemoveAsync(address, ct), $"removed {address}"),
            cancellationToken);

    public Task<int> ListUsersAsync(CancellationToken cancellationToken) =>
        WithUsersAsync(
            async (users, ct) =>
            {
                foreach (var user in await users.ListAsync(ct))
                {
                    await console.Output.WriteLineAsync(user);
                }

                return Success;
            },
            cancellationToken);

    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        if (BuildCommandHost() is not { } host)
        {
            return Failure;
        }

        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            var catalog = EnabledEndpoints.Require(host.Services);
            var options = host.Services.GetRequiredService<IOptions<MailHostOptions>>().Value;
            var site = host.Services.GetRequiredService<IOptions<AccountsSiteOptions>>().Value;
            var security = host.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
            var shutdown = host.Services.GetRequiredService<IOptions<ShutdownOptions>>().Value;
            await console.Output.WriteLineAsync("configuration ok");
            await console.Output.WriteLineAsync($"Data                        {options.Data}");
            await console.Output.WriteLineAsync($"HostName                    {options.HostName}");
            await console.Output.WriteLineAsync($"Domains                     {string.Join(", ", site.Domains)}");
            await console.Output.WriteLineAsync($"Security:AllowPlaintextAuth {security.AllowPlaintextAuth}");
            await console.Output.WriteLineAsync($"Shutdown:DrainSeconds       {shutdown.DrainSeconds}");
            foreach (var endpoint in catalog.Endpoints)
            {
                await console.Output.WriteLineAsync(endpoint.Enabled ? EndpointDescription.Format(endpoint, endpoint.ConfiguredEndPoints) : $"{endpoint.Name,-12} disabled");
            }

            return Success;
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            StartupErrors.Write(console.Error, e);
            return Failure;
        }
        finally
        {
            await DisposeAsync(host);
        }
    }

    /// <summary>Resolves only configuration and the endpoint catalog (nothing starts): the container runs this every 30 s.</summary>
    public async Task<int> HealthAsync(CancellationToken cancellationToken)
    {
        if (BuildCommandHost() is not { } host)
        {
            return Failure;
        }

        try
        {
            var catalog = EnabledEndpoints.Require(host.Services);
            var options = host.Services.GetRequiredService<IOptions<MailHostOptions>>().Value;
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            var pins = CertificatePins.Load(configuration["Tls:Certificate"], options.Data);
            var probe = new HealthProbe(pins, options.HostName, TimeProvider.System);
            var results = await Task.WhenAll(catalog.Endpoints
                .Where(e => e.Enabled)
                .Select(e => probe.ProbeAsync(ProbeTarget.From(e), HealthProbe.DefaultTimeout, cancellationToken)));
            foreach (var result in results)
            {
                await console.Output.WriteLineAsync(result.ToString());
            }

            return results.All(r => r.Healthy) ? Success : Failure;
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            StartupErrors.Write(console.Error, e);
            return Failure;
        }
        finally
        {
            await DisposeAsync(host);
        }
    }

    private async Task<int> WithPasswordAsync(
        string address,
        bool passwordFromStdin,
        Func<IUserAdministration, string, string, CancellationToken, ValueTask<UserAdministrationResult>> change,
        string done,
        CancellationToken cancellationToken)
    {
        var (password, error) = await PasswordReader.ReadAsync(console, passwordFromStdin, cancellationToken);
        if (password is null)
        {
            await console.Error.WriteLineAsync($"mailhost: {error}");
            return Failure;
        }

        return await WithUsersAsync(async (users, ct) => await ReportAsync(await change(users, address, password, ct), done), cancellationToken);
    }

    private async Task<int> WithUsersAsync(Func<IUserAdministration, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            var builder = CreateCommandHost();
            Directory.CreateDirectory(builder.Configuration[MailHostOptions.DataKey]!);
            host = builder.Build();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            StartupErrors.Write(console.Error, e);
            return Failure;
        }

        try
        {
            var users = host.Services.GetService<IUserAdministration>();
            if (users is null)
            {
                await console.Error.WriteLineAsync("mailhost: user administration is not available in this build");
                return Failure;
            }

            return await action(users, cancellationToken);
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            StartupErrors.Write(console.Error, e);
            return Failure;
        }
        finally
        {
            await DisposeAsync(host);
        }
    }

    private async Task<int> ReportAsync(UserAdministrationResult result, string done)
    {
        if (result.Succeeded)
        {
            await console.Output.WriteLineAsync(done);
            return Success;
        }

        await console.Error.WriteLineAsync($"mailhost: {result.Error}");
        return Failure;
    }

    /// <summary>The verbs other than serve log only warnings, to standard error, so their output stays scriptable.</summary>
    /// <returns>The built host, or null after the error was written (a configuration source that cannot be read).</returns>
    private IHost? BuildCommandHost()
    {
        try
        {
            return CreateCommandHost().Build();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            StartupErrors.Write(console.Error, e);
            return null;
        }
    }

    private HostApplicationBuilder CreateCommandHost()
    {
        var builder = MailHostApplication.CreateBuilder(environment, configurationArgs, configureServices);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter(static level => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return builder;
    }

    /// <summary>
    /// In .NET 10 a background service that crashes stops the host but lets <c>WaitForShutdownAsync</c> complete normally;
    /// the process must still exit non-zero so a supervisor (docker, systemd) sees a failure rather than a clean stop.
    /// </summary>
    private async Task<int> ReportFaultedServicesAsync(IHost host)
    {
        var faulted = host.Services.GetServices<IHostedService>()
            .OfType<BackgroundService>()
            .Where(service => service.ExecuteTask is { IsFaulted: true })
            .ToList();
        foreach (var service in faulted)
        {
            await console.Error.WriteLineAsync($"mailhost: {service.GetType().Name} failed: {service.ExecuteTask!.Exception!.GetBaseException().Message}");
        }

        return faulted.Count == 0 ? Success : Failure;
    }

    /// <summary>Services that did start (background loops) are stopped properly, so they end quietly instead of faulting on dispose.</summary>
    private async Task StopAfterFailedStartAsync(IHost host)
    {
        try
        {
            await host.StopAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            StartupErrors.Write(console.Error, e);
        }
    }

    private static async Task DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
