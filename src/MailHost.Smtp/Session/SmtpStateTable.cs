using MailHost.Smtp.Parsing;

namespace MailHost.Smtp.Session;

/// <summary>Which commands are legal in which state (RFC 5321 §4.1.4, RFC 3030); anything else is <c>503 5.5.1</c>.</summary>
internal static class SmtpStateTable
{
    private const int Always = (1 << (int)SmtpVerb.Helo) | (1 << (int)SmtpVerb.Ehlo) | (1 << (int)SmtpVerb.Lhlo)
        | (1 << (int)SmtpVerb.Rset) | (1 << (int)SmtpVerb.Noop) | (1 << (int)SmtpVerb.Quit)
        | (1 << (int)SmtpVerb.Vrfy) | (1 << (int)SmtpVerb.Help);

    private static ReadOnlySpan<int> Allowed =>
    [
        /* Connected */ Always | (1 << (int)SmtpVerb.StartTls),
        /* Greeted */ Always | (1 << (int)SmtpVerb.StartTls) | (1 << (int)SmtpVerb.Mail) | (1 << (int)SmtpVerb.Auth),
        /* MailGiven */ Always | (1 << (int)SmtpVerb.Rcpt),
        /* RecipientGiven */ Always | (1 << (int)SmtpVerb.Rcpt) | (1 << (int)SmtpVerb.Data) | (1 << (int)SmtpVerb.Bdat),
        /* Chunking */ Always | (1 << (int)SmtpVerb.Bdat),
    ];

    public static bool IsAllowed(SmtpState state, SmtpVerb verb) => (Allowed[(int)state] & (1 << (int)verb)) != 0;
}
