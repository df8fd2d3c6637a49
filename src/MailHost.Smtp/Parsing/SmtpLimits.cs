namespace MailHost.Smtp.Parsing;

/// <summary>Line limits of RFC 5321 §4.5.3.1 and RFC 4954 §4, enforced by windowing (never unbounded reads).</summary>
internal static class SmtpLimits
{
    /// <summary>Command line without CRLF (RFC 5321 §4.5.3.1.4).</summary>
    public const int CommandLine = 510;

    /// <summary>MAIL and RCPT lines: 512 plus room for SIZE, BODY, SMTPUTF8, AUTH=, RET, ENVID, NOTIFY and ORCPT (RFC 5321 §4.5.3.1.4 allows more per extension).</summary>
    public const int MailLine = 2046;

    /// <summary>SASL response lines (RFC 4954 §4: at least 12288 octets).</summary>
    public const int SaslLine = 12288;

    /// <summary>Largest window a command reader ever holds, scratch included; must stay below the transport's pause threshold.</summary>
    public const int LargestWindow = SaslLine + 2;
}
