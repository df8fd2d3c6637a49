namespace MailHost.Hosting;

/// <summary>Root keys owned by the host: <c>Data</c> and <c>HostName</c> (<c>Domains</c> belongs to MailHost.Accounts).</summary>
internal sealed class MailHostOptions
{
    public const string DataKey = "Data";
    public const string HostNameKey = "HostName";

    /// <summary>Absolute state root (resolved by <see cref="MailHostConfiguration"/>).</summary>
    public string Data { get; set; } = string.Empty;

    public string HostName { get; set; } = string.Empty;
}
