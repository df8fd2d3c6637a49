using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Hashing;

internal sealed class PasswordHasher(IOptions<AccountsOptions> options) : IPasswordHasher
{
    private readonly int _iterations = options.Value.Pbkdf2Iterations;

    public string Hash(string password) => Pbkdf2Password.Hash(password, _iterations);

    public bool Verify(string stored, string password) =>
        StoredPassword.Identify(stored, out var payload, out _) switch
        {
            PasswordScheme.Pbkdf2Sha256 => Pbkdf2Password.Verify(payload, password),
            PasswordScheme.Plain => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(payload), Encoding.UTF8.GetBytes(password)),
            PasswordScheme.Sha512Crypt => Sha512Crypt.Verify(payload, password),
            PasswordScheme.BlowfishCrypt => BCrypt.Net.BCrypt.Verify(password, payload),
            _ => false,
        };

    public bool CostsAsMuchAsNewHashes(string stored) =>
        StoredPassword.Identify(stored, out var payload, out _) == PasswordScheme.Pbkdf2Sha256
        && Pbkdf2Password.Iterations(payload) >= _iterations;
}
