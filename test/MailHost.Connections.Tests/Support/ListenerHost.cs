using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailHost.Connections.Tests.Support;

/// <summary>A generic host running only this component, on ephemeral loopback ports, with test protocol handlers.</summary>
internal sealed class ListenerHost : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private bool _stopped;

    private ListenerHost(IHost host, TempDirectory data, TestProtocolHandler imap, TestProtocolHandler smtp)
    {
        Host = host;
        _data = data;
        Imap = imap;
        Smtp = smtp;
    }

    public IHost Host { get; }

    public TestProtocolHandler Imap { get; }

    public TestProtocolHandler Smtp { get; }

    public string DataDirectory => _data.Path;

    public IEndpointCatalog Catalog => Host.Services.GetRequiredService<IEndpointCatalog>();

    public static IHost Build(IDictionary<string, string?> settings, string dataDirectory, params IMailProtocolHandler[] handlers)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new Dictionary<string, string?>
        {
            ["Data"] = dataDirectory,
            ["HostName"] = "mail.test",
            ["Shutdown:DrainSeconds"] = "3",
        };
        foreach (var name in new[] { "imap", "imaps", "smtp", "submission", "submissions", "lmtp" })
        {
            configuration[$"Endpoints:{name}:Port"] = "0";
        }

        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddMailHostConnections(builder.Configuration);
        foreach (var handler in handlers)
        {
            builder.Services.AddSingleton(handler);
        }

        return builder.Build();
    }

    public static async Task<ListenerHost> StartAsync(CancellationToken cancellationToken, params (string Key, string? Value)[] settings)
    {
        var data = new TempDirectory();
        var imap = new TestProtocolHandler(MailProtocol.Imap);
        var smtp = new TestProtocolHandler(MailProtocol.Smtp);
        var host = Build(settings.ToDictionary(s => s.Key, s => s.Value), data.Path, imap, smtp);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            data.Dispose();
            throw;
        }

        return new ListenerHost(host, data, imap, smtp);
    }

    public int PortOf(string endpointName) => Catalog.Find(endpointName)!.BoundEndPoints[0].Port;

    public Task<TestClient> ConnectAsync(string endpointName, CancellationToken cancellationToken) =>
        TestClient.ConnectAsync(PortOf(endpointName), cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        await Host.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await Host.StopAsync(CancellationToken.None);
        }

        Host.Dispose();
        _data.Dispose();
    }
}
