using System.Diagnostics.Metrics;
using MailHost.Connections.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Connections.Tests.Support;

internal static class TestMetrics
{
    private static readonly ServiceProvider s_services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static ConnectionsMetrics Create() => new(s_services.GetRequiredService<IMeterFactory>());
}
