using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MailHost.Accounts.Hashing;

/// <summary>Our own scheme: <c>{PBKDF2-SHA256}&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>, self-describing so that
/// raising <c>Accounts:Pbkdf2Iterations</c> never invalidates existing hashes.</summary>
internal static class Pbkdf2Password
{
    public const string SchemeName = "PBKDF2-SHA256";
    public const string Prefix = "{" + SchemeName + "}";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A users file is trusted, but a typo must not make each login cost minutes.
    private const int MaxIterations = 100_000_000;

    public static string Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <param name="payload">The text after <c>{PBKDF2-SHA256}</c>.</param>
    /// <returns>The iteration count, or 0 when the payload does not start with a valid one.</returns>
    public static int Iterations(string payload)
    {
        var end = payload.IndexOf('$', StringComparison.Ordinal);
        return end > 0
            && int.TryParse(payload.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            && iterations <= MaxIterations
                ? iterations
                : 0;
    }

    /// <param name="payload">The text after <c>{PBKDF2-SHA256}</c>.</param>
    public static bool Verify(string payload, string password)
    {
        var parts = payload.Split('$');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > MaxIterations)
        {
            return false;
        }

        var salt = new byte[parts[1].Length];
        var expected = new byte[parts[2].Length];
        if (!Convert.TryFromBase64String(parts[1], salt, out var saltLength)
            || !Convert.TryFromBase64String(parts[2], expected, out var expectedLength)
            || expectedLength == 0)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password), salt.AsSpan(0, saltLength), iterations, HashAlgorithmName.SHA256, expectedLength);
        return CryptographicOperations.FixedTimeEquals(actual, expected.AsSpan(0, expectedLength));
    }
}
