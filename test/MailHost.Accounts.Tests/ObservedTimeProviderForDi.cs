namespace MailHost.Accounts.Tests;

/// <summary>A distinct clock instance, to see that registration keeps a caller's TimeProvider.</summary>
internal sealed class ObservedTimeProviderForDi : TimeProvider;
