using MailHost.Store.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHost.Store.Tests;

/// <summary>A store in a fresh temporary directory, built through the real DI registration.</summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    private StoreHarness(string dataPath, ServiceProvider services)
    {
        DataPath = dataPath;
        Services = services;
    }

    public string DataPath { get; }

    public ServiceProvider Services { get; }

    public IMailStore Store => Services.GetRequiredService<IMailStore>();

    public IMessageDelivery Delivery => Services.GetRequiredService<IMessageDelivery>();

    public StoreInstrumentation Instrumentation => Services.GetRequiredService<StoreInstrumentation>();

    public StoreContext Context => Services.GetRequiredService<StoreContext>();

    public string MailRoot => Path.Combine(DataPath, "mail");

    public static StoreHarness Create(string separator = ":", TimeProvider? timeProvider = null, IDictionary<string, string?>? settings = null, string? dataPath = null)
    {
        dataPath ??= Path.Combine(Path.GetTempPath(), "mailhost-store-tests", Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            ["Data"] = dataPath,
            ["Store:InfoSeparator"] = separator,
            ["Store:Locking:TimeoutMs"] = "2000",
        };
        if (settings is not null)
        {
            foreach (var pair in settings)
            {
                values[pair.Key] = pair.Value;
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (timeProvider is not null)
        {
            services.TryAddSingleton(timeProvider);
        }

        services.AddMailHostStore(configuration);
        return new StoreHarness(dataPath, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public string UserRoot(string domain, string localPart) => Path.Combine(MailRoot, domain, localPart);

    public async ValueTask<IMailAccount> AccountAsync(string localPart = "alice", string domain = "example.org") =>
        await Store.OpenAccountAsync(domain, localPart, CancellationToken.None);

    /// <summary>Appends <paramref name="count"/> messages whose bodies are <paramref name="prefix"/> followed by 0, 1, 2…</summary>
    public static async Task AppendMessagesAsync(IMailAccount account, string mailbox, int count, string prefix)
    {
        for (var i = 0; i < count; i++)
        {
            await AppendAsync(account, mailbox, Message(prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public static async Task<AppendResult> AppendAsync(IMailAccount account, string mailbox, string body, MessageFlags flags = MessageFlags.None, IReadOnlyList<string>? keywords = null, bool requireUids = true, DateTimeOffset? internalDate = null)
    {
        var staged = await account.StageAppendAsync(mailbox, CancellationToken.None);
        Assert.That(staged.Status, Is.EqualTo(StoreStatus.Ok));
        await using var message = staged.Message!;
        var bytes = System.Text.Encoding.ASCII.GetBytes(body);
        await message.Content.WriteAsync(bytes);
        return await account.CommitAppendAsync(mailbox, [new AppendItem(message, flags, keywords ?? [], internalDate)], requireUids, CancellationToken.None);
    }

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(string body, params DeliveryTarget[] targets)
    {
        await using var delivery = await Delivery.BeginAsync(targets, CancellationToken.None);
        await delivery.Content.WriteAsync(System.Text.Encoding.ASCII.GetBytes(body));
        return await delivery.CommitAsync(CancellationToken.None);
    }

    public static string Message(string subject) => $"From: a@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\n\r\nBody of {subject}\r\n";

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
