using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Hosting;

/// <summary>Logs the data folder and the effective endpoints once every listener has started (i.e. bound).</summary>
internal sealed partial class StartupReporter(
    IHostApplicationLifetime lifetime,
    IOptions<MailHostOptions> host,
    IOptions<HostEndpointsOptions> endpoints,
    IOptions<ShutdownOptions> shutdown,
    ILogger<StartupReporter> logger) : IHostedService
{
    private CancellationTokenRegistration registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        registration = lifetime.ApplicationStarted.Register(static state => ((StartupReporter)state!).Report(), this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        registration.Dispose();
        Stopping(logger, shutdown.Value.DrainSeconds);
        return Task.CompletedTask;
    }

    private void Report()
    {
        Started(logger, host.Value.HostName, host.Value.Data, string.Join(", ", host.Value.Domains));
        foreach (var endpoint in endpoints.Value.Endpoints.Where(e => e.Enabled))
        {
            EndpointReady(logger, endpoint.Describe());
        }

        Ready(logger);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "MailHost {HostName} started; data in {Data}; domains {Domains}")]
    private static partial void Started(ILogger logger, string hostName, string data, string domains);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Endpoint {Endpoint}")]
    private static partial void EndpointReady(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "MailHost ready")]
    private static partial void Ready(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Stopping: sessions get {DrainSeconds} s to finish")]
    private static partial void Stopping(ILogger logger, int drainSeconds);
}
