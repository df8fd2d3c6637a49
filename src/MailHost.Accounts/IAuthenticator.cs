using System.Net;

namespace MailHost.Accounts;

/// <summary>Verifies a user name (any spelling of the address) and password; throttles by remote address and user.</summary>
public interface IAuthenticator
{
    ValueTask<AuthenticationResult> AuthenticateAsync(string userName, string password, IPAddress? remoteAddress, CancellationToken cancellationToken);
}
