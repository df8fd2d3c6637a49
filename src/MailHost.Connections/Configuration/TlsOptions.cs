namespace MailHost.Connections.Configuration;

/// <summary><c>Tls:*</c> plus the root keys <c>Data</c> and <c>HostName</c> that decide where and for whom a self-signed certificate is made.</summary>
public sealed class TlsOptions
{
    public const string SectionName = "Tls";

    /// <summary>PEM certificate (chain) path; without it a self-signed certificate is generated under <c>&lt;Data&gt;/tls/</c>.</summary>
    public string? Certificate { get; set; }

    /// <summary>PEM private key path; may be omitted when the key is inside <see cref="Certificate"/>.</summary>
    public string? Key { get; set; }

    public int HandshakeTimeoutSeconds { get; set; } = 10;

    /// <summary>Root key <c>Data</c>, default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Root key <c>HostName</c>, default the machine name; the self-signed certificate's subject.</summary>
    public string HostName { get; set; } = Environment.MachineName;
}
