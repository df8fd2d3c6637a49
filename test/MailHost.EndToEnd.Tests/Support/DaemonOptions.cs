namespace MailHost.EndToEnd.Tests.Support;

/// <summary>How <see cref="DaemonProcess.StartAsync"/> configures the daemon. Everything becomes <c>--Key=Value</c> arguments.</summary>
public sealed class DaemonOptions
{
    /// <summary>Every endpoint name of the configuration contract.</summary>
    public static IReadOnlyList<string> AllEndpoints { get; } = ["imap", "imaps", "smtp", "submission", "submissions", "lmtp"];

    /// <summary>Endpoints to enable, each on its own free loopback port (default: all six, LMTP included).</summary>
    public IList<string> Endpoints { get; } = [.. AllEndpoints];

    /// <summary>Local domains (default localhost and example.test).</summary>
    public IList<string> Domains { get; } = ["localhost", "example.test"];

    /// <summary>Lets tests log in before TLS (default true, so plaintext clients work; the production default is false).</summary>
    public bool AllowPlaintextAuth { get; set; } = true;

    /// <summary><c>Shutdown:DrainSeconds</c> (default 3, short so tests stop quickly).</summary>
    public int DrainSeconds { get; set; } = 3;

    /// <summary>Any further configuration, e.g. <c>["Smtp:MaxMessageBytes"] = "1048576"</c>; wins over the values above.</summary>
    public IDictionary<string, string> Configuration { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users created with <c>mailhost users add --password-stdin</c> before the daemon starts (address → password).</summary>
    public IDictionary<string, string> Users { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long to wait for every endpoint to listen.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
