namespace MailHost.Accounts;

public readonly record struct AuthenticationResult(AuthenticationStatus Status, MailUser? User)
{
    /// <summary>
    /// With <see cref="AuthenticationStatus.Unavailable"/>: refused because the address or user is over
    /// <c>Accounts:Throttle:MaxFailures</c>, not because hashing is saturated. IMAP still answers <c>NO [UNAVAILABLE]</c>;
    /// SMTP answers <c>421 4.7.0</c> and closes, since a client that retries on the same connection is the attacker.
    /// </summary>
    public bool Throttled { get; init; }
}
