namespace MailHost.Accounts;

public enum AuthenticationStatus
{
    Succeeded,

    /// <summary>Wrong user or password; the caller must not be able to tell which.</summary>
    Failed,

    /// <summary>Too many concurrent verifications or throttled: IMAP <c>NO [UNAVAILABLE]</c>, SMTP <c>454 4.7.0</c> (<c>421 4.7.0</c> and close when <see cref="AuthenticationResult.Throttled"/>).</summary>
    Unavailable,
}
