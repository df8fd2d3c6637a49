using BenchmarkDotNet.Attributes;
using MailHost.Store;

namespace MailHost.Benchmarks.Store;

/// <summary>APPEND with APPENDUID while deliveries hit the same account: 16 appends and 16 deliveries at once per operation.</summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
public class AppendUnderContentionBenchmarks
{
    private const int Concurrency = 16;
    private StoreBenchmarkHost host = null!;
    private IMailAccount account = null!;
    private byte[] message = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        host = new StoreBenchmarkHost();
        account = await host.Store.OpenAccountAsync("example.org", "alice", CancellationToken.None);
        message = StoreBenchmarkHost.Message(4096);
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => host.DisposeAsync();

    [Benchmark(OperationsPerInvoke = Concurrency)]
    public async Task AppendWithUid()
    {
        var work = new List<Task>(2 * Concurrency);
        for (var i = 0; i < Concurrency; i++)
        {
            work.Add(host.DeliverCheckedAsync(message, new DeliveryTarget("example.org", "alice")));
            work.Add(AppendOneAsync());
        }

        await Task.WhenAll(work);
    }

    private async Task AppendOneAsync()
    {
        var staged = (await account.StageAppendAsync("Sent", CancellationToken.None)).Message!;
        await using (staged)
        {
            await staged.Content.WriteAsync(message);
            var result = await account.CommitAppendAsync("Sent", [new AppendItem(staged, MessageFlags.Seen, [], null)], true, CancellationToken.None);
            if (result.Uids.Count != 1)
            {
                throw new InvalidOperationException($"APPEND got no UID ({result.Status}).");
            }
        }
    }
}
