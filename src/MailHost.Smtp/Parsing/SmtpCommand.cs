namespace MailHost.Smtp.Parsing;

/// <summary>
/// One parsed command line. Spans point into the receive buffer (or the session's line scratch) and are only valid until
/// the reader advances; the session materialises what must outlive the line.
/// </summary>
internal readonly ref struct SmtpCommand
{
    public SmtpVerb Verb { get; init; }

    /// <summary>EHLO/HELO/LHLO domain, VRFY/HELP argument, AUTH initial response (still base64), raw rest of line otherwise.</summary>
    public ReadOnlySpan<byte> Argument { get; init; }

    /// <summary>AUTH mechanism name.</summary>
    public ReadOnlySpan<byte> Mechanism { get; init; }

    public bool HasInitialResponse { get; init; }

    /// <summary>MAIL/RCPT mailbox without angle brackets and source route; empty for the null reverse-path <c>&lt;&gt;</c>.</summary>
    public ReadOnlySpan<byte> Address { get; init; }

    /// <summary>RCPT TO:&lt;Postmaster&gt; without a domain (RFC 5321 §4.5.1).</summary>
    public bool IsPostmaster { get; init; }

    /// <summary>SIZE= value, -1 when absent.</summary>
    public long DeclaredSize { get; init; }

    public SmtpBodyType Body { get; init; }

    public bool SmtpUtf8 { get; init; }

    public DsnReturn Return { get; init; }

    /// <summary>ENVID= (xtext, undecoded).</summary>
    public ReadOnlySpan<byte> EnvelopeId { get; init; }

    /// <summary>MAIL AUTH= (xtext, undecoded).</summary>
    public ReadOnlySpan<byte> AuthParameter { get; init; }

    public DsnNotify Notify { get; init; }

    /// <summary>ORCPT= (addr-type;xtext, undecoded).</summary>
    public ReadOnlySpan<byte> OriginalRecipient { get; init; }

    /// <summary>BDAT chunk size.</summary>
    public long ChunkSize { get; init; }

    public bool IsLastChunk { get; init; }
}
