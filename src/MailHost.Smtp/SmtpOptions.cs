namespace MailHost.Smtp;

/// <summary>SMTP/LMTP settings: section <c>Smtp:</c>, plus root keys <c>HostName</c>, <c>Domains</c> and <c>Security:AllowPlaintextAuth</c>.</summary>
internal sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    /// <summary><c>Smtp:MaxMessageSize</c>: largest message accepted in octets (advertised as SIZE); larger gets <c>552 5.3.4</c>.</summary>
    public long MaxMessageSize { get; set; } = 52_428_800;

    /// <summary><c>Smtp:MaxRecipients</c>: RCPTs per transaction; more get <c>452 4.5.3</c>.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary><c>Smtp:MaxErrors</c>: client errors per session before <c>421</c> and close.</summary>
    public int MaxErrors { get; set; } = 10;

    /// <summary><c>Smtp:MaxLineLength</c>: longest DATA text line in octets without CRLF (RFC 5321: 998); longer lines reject the message.</summary>
    public int MaxLineLength { get; set; } = 1000;

    /// <summary><c>Smtp:CommandTimeoutSeconds</c>: wait for the next command (RFC 5321 §4.5.3.2: 5 minutes).</summary>
    public int CommandTimeoutSeconds { get; set; } = 300;

    /// <summary><c>Smtp:DataTimeoutSeconds</c>: wait for the next DATA/BDAT block (RFC 5321 §4.5.3.2: 3–10 minutes).</summary>
    public int DataTimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// <c>Smtp:MaxTransferSeconds</c>: the whole message transfer (DATA to the final dot, first BDAT to BDAT LAST) must end within
    /// this, however the client paces its bytes; otherwise a body dripped just inside <see cref="DataTimeoutSeconds"/> would hold
    /// the connection for as long as <c>MaxMessageSize</c> allows.
    /// </summary>
    public int MaxTransferSeconds { get; set; } = 1800;

    /// <summary>Root <c>HostName</c>: name in the greeting, EHLO reply and Received: headers.</summary>
    public string HostName { get; set; } = DefaultHostName(Environment.MachineName);

    /// <summary>Root <c>Domains</c>: the first one stands for the bare <c>Postmaster</c> recipient.</summary>
    public IList<string> Domains { get; } = [];

    /// <summary>Root <c>Security:AllowPlaintextAuth</c>: offer AUTH before TLS (default false).</summary>
    public bool AllowPlaintextAuth { get; set; }

    /// <summary>The machine name made into a domain name (containers and Windows hosts may have "_" or other odd characters).</summary>
    internal static string DefaultHostName(string machineName)
    {
        var labels = machineName.ToLowerInvariant()
            .Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(static label => new string([.. label.Select(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? c : '-')]).Trim('-'))
            .Where(static label => label.Length is > 0 and <= 63)
            .ToArray();
        return labels.Length == 0 ? "localhost" : string.Join('.', labels);
    }
}
