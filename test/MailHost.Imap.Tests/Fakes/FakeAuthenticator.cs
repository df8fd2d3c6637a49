using System.Net;
using MailHost.Accounts;

namespace MailHost.Imap.Tests.Fakes;

internal sealed class FakeAuthenticator : IAuthenticator
{
    public const string Password = "secret";

    public ValueTask<AuthenticationResult> AuthenticateAsync(string userName, string password, IPAddress? remoteAddress, CancellationToken cancellationToken)
    {
        if (userName == "throttled@example.com")
        {
            return ValueTask.FromResult(new AuthenticationResult(AuthenticationStatus.Unavailable, null));
        }

        var at = userName.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && password == Password)
        {
            return ValueTask.FromResult(new AuthenticationResult(AuthenticationStatus.Succeeded, new MailUser(userName[..at], userName[(at + 1)..])));
        }

        return ValueTask.FromResult(new AuthenticationResult(AuthenticationStatus.Failed, null));
    }
}
