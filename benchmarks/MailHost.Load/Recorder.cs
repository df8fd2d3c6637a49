using System.Collections.Concurrent;
using System.Diagnostics;

namespace MailHost.Load;

/// <summary>Collects latencies and errors per operation during the measured phase.</summary>
internal sealed class Recorder(int? serverPid)
{
    private const int KeptErrorMessages = 50;

    private readonly ConcurrentDictionary<string, OperationSamples> operations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> errorMessages = new();
    private readonly List<string> order = [];
    private long errorCount;
    private long started;
    private long stopped;
    private double cpuAtStart;
    private double cpuAtStop;

    public long ErrorCount => Interlocked.Read(ref errorCount);

    public IReadOnlyCollection<string> ErrorMessages => errorMessages;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started, stopped == 0 ? Stopwatch.GetTimestamp() : stopped);

    /// <summary>CPU milliseconds the server used in the measured phase, when its PID is known.</summary>
    public double? ServerCpuMilliseconds => serverPid is null ? null : cpuAtStop - cpuAtStart;

    public void Start()
    {
        cpuAtStart = serverPid is { } pid ? ServerCpu.Milliseconds(pid) : 0;
        started = Stopwatch.GetTimestamp();
    }

    public void Stop()
    {
        stopped = Stopwatch.GetTimestamp();
        cpuAtStop = serverPid is { } pid ? ServerCpu.Milliseconds(pid) : 0;
    }

    public void Record(string operation, long startTimestamp) =>
        Samples(operation).Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void RecordValue(string operation, double milliseconds) => Samples(operation).Add(milliseconds);

    public void RecordError(string operation, string message)
    {
        Samples(operation).AddError();
        if (Interlocked.Increment(ref errorCount) <= KeptErrorMessages)
        {
            errorMessages.Enqueue($"{operation}: {message}");
        }
    }

    public IReadOnlyList<OperationSummary> Summarise()
    {
        var elapsed = Elapsed;
        lock (order)
        {
            return [.. order.Select(name => operations[name].Summarise(name, elapsed))];
        }
    }

    private OperationSamples Samples(string operation)
    {
        if (operations.TryGetValue(operation, out var samples))
        {
            return samples;
        }

        lock (order)
        {
            if (!operations.TryGetValue(operation, out samples))
            {
                samples = new OperationSamples();
                operations[operation] = samples;
                order.Add(operation);
            }

            return samples;
        }
    }
}
