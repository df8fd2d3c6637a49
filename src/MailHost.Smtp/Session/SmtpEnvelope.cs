using MailHost.Smtp.Parsing;

namespace MailHost.Smtp.Session;

/// <summary>One mail transaction: reverse-path, its ESMTP/DSN parameters and the accepted recipients.</summary>
internal sealed class SmtpEnvelope
{
    public SmtpEnvelope(string sender, bool smtpUtf8, SmtpBodyType body, long declaredSize, DsnReturn dsnReturn, string? envelopeId)
    {
        Sender = sender;
        SmtpUtf8 = smtpUtf8;
        Body = body;
        DeclaredSize = declaredSize;
        Return = dsnReturn;
        EnvelopeId = envelopeId;
    }

    /// <summary>Empty for the null reverse-path.</summary>
    public string Sender { get; }

    public bool SmtpUtf8 { get; }

    public SmtpBodyType Body { get; }

    public long DeclaredSize { get; }

    public DsnReturn Return { get; }

    public string? EnvelopeId { get; }

    public List<SmtpRecipient> Recipients { get; } = [];
}
