using MailHost.Load;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return 2;
}

ILoadProfile? profile = options.Profile switch
{
    "imap-session" => new ImapSessionProfile(),
    "imap-persistent" => new ImapPersistentProfile(),
    "imap-idle" => new ImapIdleProfile(),
    "sent-copy" => new SentCopyProfile(),
    "deliver" => new DeliverProfile(),
    _ => null,
};
if (profile is null)
{
    await Console.Error.WriteLineAsync($"unknown profile '{options.Profile}'");
    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return 2;
}

if (options.DrainEvery is not null && profile is not (DeliverProfile or SentCopyProfile or ImapIdleProfile))
{
    await Console.Error.WriteLineAsync($"--drain-every is for the profiles that only add mail (deliver, sent-copy, imap-idle), not {options.Profile}");
    return 2;
}

// A hard stop well past the measured phase, so that no run can outlive its budget even if a server stops answering.
using var stop = new CancellationTokenSource(options.Duration + TimeSpan.FromMinutes(10));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    var context = new LoadContext(options, UserDirectory.Load(options));
    await profile.PrepareAsync(context, stop.Token);
    context.Recorder.Start();
    var measured = profile.RunAsync(context, stop.Token);
    if (options.DrainEvery is not null)
    {
        await Task.WhenAll(measured, new Drainer(context).RunAsync(measured, stop.Token));
    }
    else
    {
        await measured;
    }

    context.Recorder.Stop();
    if (context.Recorder.ServerCpuMilliseconds is { } cpu)
    {
        context.Metrics["server_cpu_ms"] = Math.Round(cpu);
        var primary = context.Recorder.Summarise().FirstOrDefault(op => op.Name == profile.PrimaryOperation);
        if (primary is { Count: > 0 })
        {
            context.Metrics["server_cpu_ms_per_" + profile.PrimaryOperation] = Math.Round(cpu / primary.Count, 3);
        }
    }

    IReadOnlyList<string> failures = [.. context.DrainFailures, .. await Verifier.VerifyAsync(context, stop.Token)];
    var report = new LoadReport(
        options.Profile,
        options.Label,
        options.ImapEndPoint.ToString(),
        options.DeliveryEndPoint is { } delivery ? $"{options.DeliveryProtocol.ToString().ToUpperInvariant()} {delivery}" : "none",
        options.Concurrency,
        context.Users.Count,
        Math.Round(context.Recorder.Elapsed.TotalSeconds, 3),
        profile.PrimaryOperation,
        context.Recorder.Summarise(),
        context.Metrics.ToDictionary(StringComparer.Ordinal),
        context.Recorder.ErrorCount,
        context.Recorder.ErrorMessages,
        context.Ledger.Written,
        failures.Count == 0,
        failures);
    Console.Write(report.ToTable());
    if (options.JsonPath is not null)
    {
        await File.WriteAllTextAsync(options.JsonPath, report.ToJson(), stop.Token);
    }

    return report.Passed ? 0 : 1;
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}
catch (Exception exception) when (LoadContext.IsServerFailure(exception) || exception is OperationFailedException)
{
    await Console.Error.WriteLineAsync($"{options.Profile}: the run could not be prepared or verified: {exception.Message}");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync($"{options.Profile}: stopped before the end (interrupted or over the time budget)");
    return 1;
}
