using System.Net;
using System.Text;
using MailHost.Accounts;

namespace MailHost.Smtp.Tests.Support;

/// <summary>Users, aliases, plus-addressing and SASL PLAIN/LOGIN, the slice of the accounts layer SMTP depends on.</summary>
internal sealed class FakeAccounts : IRecipientResolver, IAuthenticator, ISaslMechanisms
{
    public Dictionary<string, string> Passwords { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>alias → owner addresses.</summary>
    public Dictionary<string, string[]> Aliases { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Domains { get; } = new(StringComparer.OrdinalIgnoreCase) { "example.test" };

    public bool Unavailable { get; set; }

    /// <summary>Answers Unavailable because the address or user is over the failure limit (see <see cref="AuthenticationResult.Throttled"/>).</summary>
    public bool Throttled { get; set; }

    public IReadOnlyList<string> Names => ["PLAIN", "LOGIN"];

    public ValueTask<AuthenticationResult> AuthenticateAsync(string userName, string password, IPAddress? remoteAddress, CancellationToken cancellationToken)
    {
        if (Throttled)
        {
            return ValueTask.FromResult(new AuthenticationResult(AuthenticationStatus.Unavailable, null) { Throttled = true });
        }

        if (Unavailable)
        {
            return ValueTask.FromResult(new AuthenticationResult(AuthenticationStatus.Unavailable, null));
        }

        return ValueTask.FromResult(Passwords.TryGetValue(userName, out var expected) && expected == password
            ? new AuthenticationResult(AuthenticationStatus.Succeeded, ToUser(userName))
            : new AuthenticationResult(AuthenticationStatus.Failed, null));
    }

    public ValueTask<RecipientResolution> ResolveAsync(string address, Func<MailUser, string, bool>? folderExists, CancellationToken cancellationToken)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0)
        {
            return ValueTask.FromResult(new RecipientResolution(RecipientStatus.Invalid, []));
        }

        if (!IsLocalDomain(address[(at + 1)..]))
        {
            return ValueTask.FromResult(new RecipientResolution(RecipientStatus.NotLocal, []));
        }

        if (Aliases.TryGetValue(address, out var owners))
        {
            return ValueTask.FromResult(new RecipientResolution(RecipientStatus.Local, [.. owners.Select(o => new RecipientTarget(ToUser(o), null))]));
        }

        var local = address[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        var folder = plus > 0 ? local[(plus + 1)..] : null;
        var user = plus > 0 ? local[..plus] + address[at..] : address;
        if (!Passwords.ContainsKey(user))
        {
            return ValueTask.FromResult(new RecipientResolution(RecipientStatus.UnknownUser, []));
        }

        var mailUser = ToUser(user);
        if (folder is not null && folderExists?.Invoke(mailUser, folder) != true)
        {
            folder = null;
        }

        return ValueTask.FromResult(new RecipientResolution(RecipientStatus.Local, [new RecipientTarget(mailUser, folder)]));
    }

    public ValueTask<bool> MaySendAsAsync(MailUser user, string senderAddress, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            string.Equals(user.Address, senderAddress, StringComparison.OrdinalIgnoreCase)
            || (Aliases.TryGetValue(senderAddress, out var owners) && owners.Contains(user.Address, StringComparer.OrdinalIgnoreCase)));

    public bool IsLocalDomain(string domain) => Domains.Contains(domain);

    public bool TryCreate(ReadOnlySpan<byte> mechanismName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ISaslExchange? exchange)
    {
        exchange = System.Text.Ascii.EqualsIgnoreCase(mechanismName, "PLAIN"u8) ? new Plain()
            : System.Text.Ascii.EqualsIgnoreCase(mechanismName, "LOGIN"u8) ? new Login()
            : null;
        return exchange is not null;
    }

    private static MailUser ToUser(string address)
    {
        var at = address.LastIndexOf('@');
        return new MailUser(address[..at].ToLowerInvariant(), address[(at + 1)..].ToLowerInvariant());
    }

    private sealed class Plain : ISaslExchange
    {
        public SaslStep Start(ReadOnlySpan<byte> initialResponse, bool hasInitialResponse) =>
            hasInitialResponse ? Continue(initialResponse) : new SaslStep(SaslStepKind.Challenge, ReadOnlyMemory<byte>.Empty, null, null);

        public SaslStep Continue(ReadOnlySpan<byte> response)
        {
            var parts = Encoding.UTF8.GetString(response).Split('\0');
            return parts.Length == 3
                ? new SaslStep(SaslStepKind.Credentials, default, parts[1], parts[2])
                : new SaslStep(SaslStepKind.Malformed, default, null, null);
        }
    }

    private sealed class Login : ISaslExchange
    {
        private string? _user;

        public SaslStep Start(ReadOnlySpan<byte> initialResponse, bool hasInitialResponse) =>
            hasInitialResponse ? Continue(initialResponse) : new SaslStep(SaslStepKind.Challenge, "Username:"u8.ToArray(), null, null);

        public SaslStep Continue(ReadOnlySpan<byte> response)
        {
            if (_user is null)
            {
                _user = Encoding.UTF8.GetString(response);
                return new SaslStep(SaslStepKind.Challenge, "Password:"u8.ToArray(), null, null);
            }

            return new SaslStep(SaslStepKind.Credentials, default, _user, Encoding.UTF8.GetString(response));
        }
    }
}
