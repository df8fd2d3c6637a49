using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailHost.Load;

/// <summary>The outcome of one run, printed as a table and written as JSON for compare.sh.</summary>
internal sealed record LoadReport(
    string Profile,
    string Label,
    string Server,
    string Delivery,
    int Concurrency,
    int Users,
    double ElapsedSeconds,
    string PrimaryOperation,
    IReadOnlyList<OperationSummary> Operations,
    IReadOnlyDictionary<string, double> Metrics,
    long Errors,
    IReadOnlyCollection<string> ErrorMessages,
    int MessagesWritten,
    bool Verified,
    IReadOnlyList<string> VerificationFailures)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public bool Passed => Errors == 0 && Verified;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToTable()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"{Profile} against {Label} ({Server}, delivery {Delivery}): {Concurrency} workers, {Users} users, {ElapsedSeconds:F1} s");
        text.AppendLine(invariant, $"{"operation",-18} {"count",8} {"errors",7} {"ops/s",9} {"p50 ms",9} {"p90 ms",9} {"p99 ms",9} {"max ms",9}");
        foreach (var op in Operations)
        {
            text.AppendLine(invariant, $"{op.Name,-18} {op.Count,8} {op.Errors,7} {op.PerSecond,9:F1} {op.P50Ms,9:F2} {op.P90Ms,9:F2} {op.P99Ms,9:F2} {op.MaxMs,9:F2}");
        }

        foreach (var (name, value) in Metrics.OrderBy(static pair => pair.Key, StringComparer.Ordinal))
        {
            text.AppendLine(invariant, $"{name} = {value:0.#}");
        }

        foreach (var message in ErrorMessages)
        {
            text.AppendLine(invariant, $"error: {message}");
        }

        foreach (var failure in VerificationFailures.Take(50))
        {
            text.AppendLine(invariant, $"verification: {failure}");
        }

        text.AppendLine(invariant, $"verification: {MessagesWritten} messages written, {(Verified ? "all accounted for" : $"{VerificationFailures.Count} FAILURES")}; errors: {Errors}; result: {(Passed ? "PASS" : "FAIL")}");
        return text.ToString();
    }
}
