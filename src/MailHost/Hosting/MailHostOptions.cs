namespace MailHost.Hosting;

/// <summary>Root keys owned by the host: <c>Data</c>, <c>HostName</c>, <c>Domains</c>.</summary>
internal sealed class MailHostOptions
{
    public const string DataKey = "Data";
    public const string HostNameKey = "HostName";
    public const string DomainsKey = "Domains";

    /// <summary>Absolute state root (resolved by <see cref="MailHostConfiguration"/>).</summary>
    public string Data { get; set; } = string.Empty;

    public string HostName { get; set; } = string.Empty;

    public IList<string> Domains { get; } = [];
}
