using Microsoft.Extensions.Hosting;

namespace MailHost.Tests.Support;

/// <summary>A background service that fails after start-up, as a crashed listener or sweeper would.</summary>
internal sealed class CrashingService : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        throw new InvalidOperationException("deliberate crash");
    }
}
