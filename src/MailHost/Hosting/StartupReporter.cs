using MailHost.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Hosting;

/// <summary>
/// Logs one line once every listener has bound (ApplicationStarted), with the actual addresses and ports, including
/// those the OS chose for port 0: scripts and the end-to-end fixture wait for "MailHost ready".
/// </summary>
internal sealed partial class StartupReporter(
    IHostApplicationLifetime lifetime,
    IOptions<MailHostOptions> host,
    IEndpointCatalog catalog,
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
        return Task.CompletedTask;
    }

    private void Report()
    {
        var endpoints = catalog.Endpoints
            .Where(e => e.Enabled)
            .Select(e => EndpointDescription.Summary(e, e.BoundEndPoints.Count > 0 ? e.BoundEndPoints : e.ConfiguredEndPoints));
        Ready(logger, host.Value.HostName, host.Value.Data, string.Join(", ", endpoints));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "MailHost ready: {HostName}, data in {Data}; listening: {Endpoints}")]
    private static partial void Ready(ILogger logger, string hostName, string data, string endpoints);
}
