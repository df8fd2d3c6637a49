namespace MailHost.Imap;

/// <summary>Section <c>Imap:</c> of the configuration, plus the root keys <c>HostName</c> and <c>Security:AllowPlaintextAuth</c>.</summary>
public sealed class ImapOptions
{
    public const string SectionName = "Imap";

    /// <summary>Longest command line in octets (RFC 7162 §4 asks for at least 8192); must stay below the connection input buffer.</summary>
    public int MaxLineLength { get; set; } = 65536;

    /// <summary>Largest message APPEND accepts (advertised as APPENDLIMIT).</summary>
    public long AppendLimit { get; set; } = 52428800;

    /// <summary>How many octets of an over-limit non-synchronising literal are read and thrown away before <c>NO [TOOBIG]</c>; beyond that the session ends.</summary>
    public long MaxLiteralDiscard { get; set; } = 52428800;

    public int PreAuthTimeoutSeconds { get; set; } = 60;

    public int AuthenticatedTimeoutSeconds { get; set; } = 1800;

    public int IdleTimeoutSeconds { get; set; } = 1800;

    /// <summary>Consecutive BAD answers after which the session says BYE.</summary>
    public int MaxBadCommands { get; set; } = 20;

    /// <summary>Root key <c>HostName</c>, used in the greeting.</summary>
    public string HostName { get; set; } = "localhost";

    /// <summary>Root key <c>Security:AllowPlaintextAuth</c>: false advertises LOGINDISABLED and no AUTH= before TLS.</summary>
    public bool AllowPlaintextAuth { get; set; }
}
