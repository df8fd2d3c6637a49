namespace MailHost.Load;

internal interface ILoadProfile
{
    /// <summary>The operation whose throughput (or, for IDLE, latency) compare.sh puts side by side.</summary>
    string PrimaryOperation { get; }

    /// <summary>Unmeasured set-up: folders, seed messages and the message counts verification starts from.</summary>
    Task PrepareAsync(LoadContext context, CancellationToken cancellationToken);

    /// <summary>The measured phase; must end by itself within the context's loop gate.</summary>
    Task RunAsync(LoadContext context, CancellationToken cancellationToken);
}
