namespace MailHost.Hosting;

/// <summary><c>Shutdown:*</c>: how long sessions get to say goodbye before they are aborted.</summary>
internal sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";
    public const string DrainSecondsKey = SectionName + ":DrainSeconds";
    public const int MaximumDrainSeconds = 3600;

    /// <summary>Default 8 s so a drain fits in <c>docker stop</c>'s 10 s.</summary>
    public int DrainSeconds { get; set; } = 8;

    /// <summary>The host's own timeout leaves 2 s after the drain for the listeners to abort and the process to exit.</summary>
    public TimeSpan HostShutdownTimeout => TimeSpan.FromSeconds(DrainSeconds + 2);
}
