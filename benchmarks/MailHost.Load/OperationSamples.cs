namespace MailHost.Load;

/// <summary>The latencies (milliseconds) and error count of one operation; thread-safe.</summary>
internal sealed class OperationSamples
{
    private readonly Lock gate = new();
    private readonly List<double> milliseconds = [];
    private long errors;

    public void Add(double value)
    {
        lock (gate)
        {
            milliseconds.Add(value);
        }
    }

    public void AddError() => Interlocked.Increment(ref errors);

    public OperationSummary Summarise(string name, TimeSpan elapsed)
    {
        double[] sorted;
        lock (gate)
        {
            sorted = [.. milliseconds];
        }

        Array.Sort(sorted);
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        return new OperationSummary(
            name,
            sorted.Length,
            Interlocked.Read(ref errors),
            Math.Round(sorted.Length / seconds, 1),
            Percentile(sorted, 50),
            Percentile(sorted, 90),
            Percentile(sorted, 99),
            sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 3),
            sorted.Length == 0 ? 0 : Math.Round(sorted.Average(), 3));
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.</summary>
    private static double Percentile(double[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 3);
    }
}
