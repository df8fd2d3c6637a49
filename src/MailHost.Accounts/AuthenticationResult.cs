namespace MailHost.Accounts;

public readonly record struct AuthenticationResult(AuthenticationStatus Status, MailUser? User);
