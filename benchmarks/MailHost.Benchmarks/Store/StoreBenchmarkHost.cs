using MailHost.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Benchmarks.Store;

/// <summary>A store in a throw-away directory, wired through the real DI registration.</summary>
internal sealed class StoreBenchmarkHost : IAsyncDisposable
{
    private readonly ServiceProvider services;

    public StoreBenchmarkHost()
    {
        DataPath = Path.Combine(Path.GetTempPath(), "mailhost-bench", Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Data"] = DataPath }).Build();
        services = new ServiceCollection().AddMailHostStore(configuration).BuildServiceProvider();
        Store = services.GetRequiredService<IMailStore>();
    }

    public string DataPath { get; }

    public IMailStore Store { get; }

    public static byte[] Message(int size) =>
        System.Text.Encoding.ASCII.GetBytes("From: a@example.org\r\nTo: b@example.org\r\nSubject: bench\r\n\r\n" + new string('x', size) + "\r\n");

    public async Task DeliverAsync(byte[] message, params DeliveryTarget[] targets)
    {
        await using var delivery = await Store.Delivery.BeginAsync(targets, CancellationToken.None);
        await delivery.Content.WriteAsync(message);
        await delivery.CommitAsync(CancellationToken.None);
    }

    /// <summary>As <see cref="DeliverAsync"/>, but a delivery that is not Ok for every target throws, so speed never hides a failure.</summary>
    public async Task DeliverCheckedAsync(byte[] message, params DeliveryTarget[] targets)
    {
        await using var delivery = await Store.Delivery.BeginAsync(targets, CancellationToken.None);
        await delivery.Content.WriteAsync(message);
        foreach (var outcome in await delivery.CommitAsync(CancellationToken.None))
        {
            if (outcome.Status != StoreStatus.Ok)
            {
                throw new InvalidOperationException($"delivery to {outcome.Target} answered {outcome.Status}: {outcome.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Directory.Delete(DataPath, recursive: true);
    }
}
