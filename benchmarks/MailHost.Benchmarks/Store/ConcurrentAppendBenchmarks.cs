using BenchmarkDotNet.Attributes;
using MailHost.Store;

namespace MailHost.Benchmarks.Store;

/// <summary>
/// IMAP APPEND with UID (APPENDUID required, as for an IMAP4rev2 session): stage in tmp/, commit through the lock pipeline,
/// get the UID. 32 appends per invocation into one account's Sent, by <see cref="Appenders"/> concurrent appenders and no
/// other traffic (<see cref="AppendUnderContentionBenchmarks"/> mixes in deliveries), so 1 against 8 shows what the
/// in-process gate and group commit make of contention on one folder. Every append must come back Ok with exactly one UID.
/// </summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
[OperationsPerSecond]
public class ConcurrentAppendBenchmarks
{
    private const int AppendsPerInvoke = 32;
    private const string Mailbox = "Sent";

    private static readonly string[] NoKeywords = [];

    private StoreBenchmarkHost? _host;
    private IMailAccount? _account;
    private byte[] _message = [];

    [Params(1, 8)]
    public int Appenders { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _host = new StoreBenchmarkHost();
        _message = StoreBenchmarkHost.Message(4096);
        _account = await _host.Store.OpenAccountAsync("example.org", "alice", CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public Task Append()
    {
        if (Appenders == 1)
        {
            return Sequential(AppendsPerInvoke);
        }

        var appenders = new Task[Appenders];
        for (var i = 0; i < appenders.Length; i++)
        {
            appenders[i] = Task.Run(() => Sequential(AppendsPerInvoke / Appenders));
        }

        return Task.WhenAll(appenders);
    }

    private async Task Sequential(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var staged = await _account!.StageAppendAsync(Mailbox, CancellationToken.None);
            if (staged.Message is null)
            {
                throw new InvalidOperationException("stage failed: " + staged.Status);
            }

            await using var message = staged.Message;
            await message.Content.WriteAsync(_message, CancellationToken.None);
            var result = await _account.CommitAppendAsync(
                Mailbox, [new AppendItem(message, MessageFlags.Seen, NoKeywords, null)], requireUids: true, CancellationToken.None);
            if (result.Status != StoreStatus.Ok || result.Uids.Count != 1)
            {
                throw new InvalidOperationException($"append answered {result.Status} with {result.Uids.Count} UIDs");
            }
        }
    }
}
