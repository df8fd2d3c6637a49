using System.Globalization;
using BenchmarkDotNet.Attributes;
using MailHost.Store;

namespace MailHost.Benchmarks.Store;

/// <summary>
/// Deliveries per second (Op/s): each one is a tmp/ write, fsync, a link into new/, fsync of new/ and one lock try that
/// appends the UID. 32 deliveries per invocation, by <see cref="Concurrency"/> workers, into one INBOX or round robin over
/// 100 users' INBOXes (accounts created in setup, so the first delivery does not pay for creating a Maildir). Every outcome
/// must be Ok. Folders grow during the run (a few thousand messages), as under a steady stream.
/// </summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
[OperationsPerSecond]
public class DeliveryBenchmarks
{
    private const int DeliveriesPerInvoke = 32;

    private StoreBenchmarkHost host = null!;
    private byte[] message = null!;
    private DeliveryTarget[] targets = null!;
    private int next;

    /// <summary>1: every delivery into one folder; 100: round robin over 100 users' INBOXes.</summary>
    [Params(1, 100)]
    public int Folders { get; set; }

    /// <summary>Concurrent deliveries (SMTP/LMTP sessions committing at once).</summary>
    [Params(1, 8)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        host = new StoreBenchmarkHost();
        message = StoreBenchmarkHost.Message(4096);
        targets = Enumerable.Range(0, Folders).Select(i => new DeliveryTarget("example.org", "user" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        foreach (var target in targets)
        {
            await host.Store.OpenAccountAsync(target.Domain, target.LocalPart, CancellationToken.None);
        }
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => host.DisposeAsync();

    [Benchmark(OperationsPerInvoke = DeliveriesPerInvoke)]
    public Task Deliver()
    {
        if (Concurrency == 1)
        {
            return DeliverSequentially(DeliveriesPerInvoke);
        }

        var workers = new Task[Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => DeliverSequentially(DeliveriesPerInvoke / Concurrency));
        }

        return Task.WhenAll(workers);
    }

    private async Task DeliverSequentially(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var target = targets[(uint)Interlocked.Increment(ref next) % (uint)targets.Length];
            await host.DeliverCheckedAsync(message, target);
        }
    }
}
