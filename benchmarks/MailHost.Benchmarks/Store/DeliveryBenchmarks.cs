using BenchmarkDotNet.Attributes;
using MailHost.Store;

namespace MailHost.Benchmarks.Store;

/// <summary>Deliveries per second: each one is a tmp/ write, a link into new/, fsyncs and one lock try.</summary>
[MemoryDiagnoser]
public class DeliveryBenchmarks
{
    private StoreBenchmarkHost host = null!;
    private byte[] message = null!;
    private DeliveryTarget[] targets = null!;
    private int next;

    /// <summary>1: every delivery into one folder; 100: round robin over 100 users' INBOXes.</summary>
    [Params(1, 100)]
    public int Folders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        host = new StoreBenchmarkHost();
        message = StoreBenchmarkHost.Message(4096);
        targets = Enumerable.Range(0, Folders).Select(i => new DeliveryTarget("example.org", $"user{i}")).ToArray();
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => host.DisposeAsync();

    [Benchmark]
    public Task Deliver() => host.DeliverAsync(message, targets[next++ % targets.Length]);
}
