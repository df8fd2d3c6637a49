namespace MailHost.Accounts.Authentication;

internal sealed record FailureWindow(DateTimeOffset Start, int Count);
