namespace MailHost.Connections.Configuration;

/// <summary><c>Shutdown:*</c>. Public so the host can size <c>HostOptions.ShutdownTimeout</c> above the drain time.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>How long sessions get to say goodbye after a stop request before they are aborted (fits inside docker stop's 10 s).</summary>
    public int DrainSeconds { get; set; } = 8;
}
