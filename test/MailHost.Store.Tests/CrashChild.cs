using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Store.Tests;

/// <summary>
/// Entry point of this assembly when run as <c>dotnet MailHost.Store.Tests.dll crash-child &lt;data&gt;</c>: delivers and appends
/// in a loop, printing an acknowledgement after each commit returns, until the crash test kills it with SIGKILL.
/// </summary>
internal static class CrashChild
{
    public const string Verb = "crash-child";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || args[0] != Verb)
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} <data-directory>");
            return 2;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Data"] = args[1], ["Store:InfoSeparator"] = ":" }).Build();
        await using var services = new ServiceCollection().AddMailHostStore(configuration).BuildServiceProvider();
        var store = services.GetRequiredService<IMailStore>();
        var alice = await store.OpenAccountAsync("example.org", "alice", CancellationToken.None);
        await store.OpenAccountAsync("example.org", "bob", CancellationToken.None);
        var output = Console.Out;
        for (var i = 0; ; i++)
        {
            var body = Body(i);
            await using (var delivery = await store.Delivery.BeginAsync([new DeliveryTarget("example.org", "alice"), new DeliveryTarget("example.org", "bob")], CancellationToken.None))
            {
                await WriteSlowlyAsync(delivery.Content, body);
                var outcomes = await delivery.CommitAsync(CancellationToken.None);
                if (outcomes.All(o => o.Status == StoreStatus.Ok))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"D {i}"));
                    await output.FlushAsync();
                }
            }

            var staged = (await alice.StageAppendAsync("Sent", CancellationToken.None)).Message!;
            await using (staged)
            {
                await WriteSlowlyAsync(staged.Content, body);
                var result = await alice.CommitAppendAsync("Sent", [new AppendItem(staged, MessageFlags.Seen, [], null)], true, CancellationToken.None);
                if (result.Status == StoreStatus.Ok && result.Uids.Count == 1)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"A {i} {result.Uids[0]}"));
                    await output.FlushAsync();
                }
            }
        }
    }

    public static string Body(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"Subject: crash-{i}\r\n\r\n{new string('x', 20_000)}\r\nEND-{i}\r\n");

    private static async Task WriteSlowlyAsync(Stream content, string body)
    {
        // Several writes per message, so a kill can land in the middle of one.
        var bytes = System.Text.Encoding.ASCII.GetBytes(body);
        for (var offset = 0; offset < bytes.Length; offset += 4096)
        {
            await content.WriteAsync(bytes.AsMemory(offset, Math.Min(4096, bytes.Length - offset)));
        }
    }
}
