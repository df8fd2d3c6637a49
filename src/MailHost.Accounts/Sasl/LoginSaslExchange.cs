namespace MailHost.Accounts.Sasl;

/// <summary>
/// The obsolete but ubiquitous LOGIN mechanism: challenges <c>Username:</c> then <c>Password:</c>. An initial response
/// (SMTP <c>AUTH LOGIN &lt;base64&gt;</c>) is taken as the user name.
/// </summary>
internal sealed class LoginSaslExchange : ISaslExchange
{
    private static readonly ReadOnlyMemory<byte> UserNameChallenge = "Username:"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> PasswordChallenge = "Password:"u8.ToArray();

    private string? _userName;
    private bool _done;

    public SaslStep Start(ReadOnlySpan<byte> initialResponse, bool hasInitialResponse) =>
        hasInitialResponse ? Continue(initialResponse) : SaslText.Challenge(UserNameChallenge);

    public SaslStep Continue(ReadOnlySpan<byte> response)
    {
        if (_done)
        {
            return SaslText.Malformed();
        }

        if (_userName is null)
        {
            if (response.IsEmpty || !SaslText.TryDecode(response, out var userName))
            {
                _done = true;
                return SaslText.Malformed();
            }

            _userName = userName;
            return SaslText.Challenge(PasswordChallenge);
        }

        _done = true;
        return SaslText.TryDecode(response, out var password) ? SaslText.Credentials(_userName, password) : SaslText.Malformed();
    }
}
