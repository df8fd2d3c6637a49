namespace MailHost.Accounts;

public enum AuthenticationStatus
{
    Succeeded,

    /// <summary>Wrong user or password; the caller must not be able to tell which.</summary>
    Failed,

    /// <summary>Too many concurrent verifications or throttled: IMAP <c>NO [UNAVAILABLE]</c>, SMTP <c>454 4.7.0</c>.</summary>
    Unavailable,
}
