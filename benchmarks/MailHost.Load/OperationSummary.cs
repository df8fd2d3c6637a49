namespace MailHost.Load;

internal sealed record OperationSummary(
    string Name,
    long Count,
    long Errors,
    double PerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MeanMs);
