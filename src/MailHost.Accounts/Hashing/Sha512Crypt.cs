using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MailHost.Accounts.Hashing;

/// <summary>
/// SHA-512 crypt (<c>$6$</c>), as specified by Ulrich Drepper ("Unix crypt using SHA-256 and SHA-512", the algorithm glibc and
/// Dovecot's SHA512-CRYPT implement). Only verification of existing hashes needs it; MailHost writes PBKDF2.
/// </summary>
internal static class Sha512Crypt
{
    private const string Magic = "$6$";
    private const string RoundsPrefix = "rounds=";
    private const int DefaultRounds = 5000;
    private const int MinRounds = 1000;
    private const int MaxRounds = 999_999_999;
    private const int MaxSaltLength = 16;
    private const int EncodedHashLength = 86;
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static bool IsWellFormed(string stored) => TryParse(stored, out _, out _, out _, out _);

    public static bool Verify(string stored, string password)
    {
        if (!TryParse(stored, out var salt, out var rounds, out var roundsGiven, out var encoded))
        {
            return false;
        }

        var computed = Compute(Encoding.UTF8.GetBytes(password), salt, rounds, roundsGiven);
        var computedHash = computed[(computed.LastIndexOf('$') + 1)..];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computedHash), Encoding.ASCII.GetBytes(encoded));
    }

    /// <summary>crypt(3) with a setting such as <c>$6$rounds=10000$salt</c> (a trailing <c>$hash</c> is ignored).</summary>
    public static string Crypt(string password, string setting)
    {
        if (!setting.StartsWith(Magic, StringComparison.Ordinal))
        {
            throw new ArgumentException("Not a $6$ setting.", nameof(setting));
        }

        var rest = setting[Magic.Length..];
        var rounds = DefaultRounds;
        var roundsGiven = false;
        var end = rest.IndexOf('$', StringComparison.Ordinal);
        if (rest.StartsWith(RoundsPrefix, StringComparison.Ordinal) && end > 0
            && int.TryParse(rest.AsSpan(RoundsPrefix.Length, end - RoundsPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out rounds))
        {
            roundsGiven = true;
            rest = rest[(end + 1)..];
        }

        end = rest.IndexOf('$', StringComparison.Ordinal);
        return Compute(Encoding.UTF8.GetBytes(password), end < 0 ? rest : rest[..end], rounds, roundsGiven);
    }

    /// <summary>The full crypt string, e.g. <c>$6$rounds=10000$salt$…</c>; the salt is cut to 16 characters and rounds clamped as the spec says.</summary>
    public static string Compute(ReadOnlySpan<byte> key, string salt, int rounds, bool roundsGiven)
    {
        rounds = Math.Clamp(rounds, MinRounds, MaxRounds);
        if (salt.Length > MaxSaltLength)
        {
            salt = salt[..MaxSaltLength];
        }

        var saltBytes = Encoding.UTF8.GetBytes(salt);

        // Digest B = SHA512(key salt key).
        Span<byte> b = stackalloc byte[64];
        using (var hashB = IncrementalHash.CreateHash(HashAlgorithmName.SHA512))
        {
            hashB.AppendData(key);
            hashB.AppendData(saltBytes);
            hashB.AppendData(key);
            hashB.GetHashAndReset(b);
        }

        // Digest A = SHA512(key salt B-repeated-to-key-length, then B or key per bit of the key length).
        Span<byte> c = stackalloc byte[64];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(key);
        hash.AppendData(saltBytes);
        int count;
        for (count = key.Length; count > 64; count -= 64)
        {
            hash.AppendData(b);
        }

        hash.AppendData(b[..count]);
        for (count = key.Length; count > 0; count >>= 1)
        {
            if ((count & 1) != 0)
            {
                hash.AppendData(b);
            }
            else
            {
                hash.AppendData(key);
            }
        }

        hash.GetHashAndReset(c);

        // P: SHA512(key repeated key-length times), repeated to key length.
        Span<byte> dp = stackalloc byte[64];
        for (var i = 0; i < key.Length; i++)
        {
            hash.AppendData(key);
        }

        hash.GetHashAndReset(dp);
        var p = new byte[key.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = dp[i % 64];
        }

        // S: SHA512(salt repeated 16 + A[0] times), first salt-length bytes.
        Span<byte> ds = stackalloc byte[64];
        for (var i = 0; i < 16 + c[0]; i++)
        {
            hash.AppendData(saltBytes);
        }

        hash.GetHashAndReset(ds);
        var s = ds[..saltBytes.Length].ToArray();

        // One-shot hashing over a reused buffer: the rounds dominate the cost, and per-call incremental hashing doubles it.
        var buffer = new byte[(2 * p.Length) + s.Length + 64];
        for (var round = 0; round < rounds; round++)
        {
            var length = 0;
            var odd = (round & 1) != 0;
            length += Append(odd ? p : c, buffer, length);
            if (round % 3 != 0)
            {
                length += Append(s, buffer, length);
            }

            if (round % 7 != 0)
            {
                length += Append(p, buffer, length);
            }

            length += Append(odd ? c : p, buffer, length);
            SHA512.HashData(buffer.AsSpan(0, length), c);
        }

        var output = new StringBuilder(Magic.Length + RoundsPrefix.Length + 10 + salt.Length + 1 + EncodedHashLength);
        output.Append(Magic);
        if (roundsGiven)
        {
            output.Append(RoundsPrefix).Append(rounds.ToString(CultureInfo.InvariantCulture)).Append('$');
        }

        output.Append(salt).Append('$');

        // The spec's byte permutation: group k takes bytes k, k+21, k+42 in an order rotating with k.
        for (var k = 0; k < 21; k++)
        {
            var (first, second, third) = (k % 3) switch
            {
                0 => (k, k + 21, k + 42),
                1 => (k + 21, k + 42, k),
                _ => (k + 42, k, k + 21),
            };
            Append24Bits(output, c[first], c[second], c[third], 4);
        }

        Append24Bits(output, 0, 0, c[63], 2);
        return output.ToString();
    }

    private static int Append(ReadOnlySpan<byte> source, byte[] buffer, int offset)
    {
        source.CopyTo(buffer.AsSpan(offset));
        return source.Length;
    }

    private static void Append24Bits(StringBuilder output, byte b2, byte b1, byte b0, int characters)
    {
        var w = (b2 << 16) | (b1 << 8) | b0;
        for (var i = 0; i < characters; i++)
        {
            output.Append(Alphabet[w & 0x3f]);
            w >>= 6;
        }
    }

    private static bool TryParse(string stored, out string salt, out int rounds, out bool roundsGiven, out string encoded)
    {
        salt = encoded = string.Empty;
        rounds = DefaultRounds;
        roundsGiven = false;
        if (!stored.StartsWith(Magic, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = stored.AsSpan(Magic.Length);
        if (rest.StartsWith(RoundsPrefix, StringComparison.Ordinal))
        {
            var end = rest.IndexOf('$');
            if (end < 0 || !int.TryParse(rest[RoundsPrefix.Length..end], NumberStyles.None, CultureInfo.InvariantCulture, out rounds))
            {
                return false;
            }

            roundsGiven = true;
            rest = rest[(end + 1)..];
        }

        var dollar = rest.IndexOf('$');
        if (dollar < 0 || dollar > MaxSaltLength)
        {
            return false;
        }

        salt = rest[..dollar].ToString();
        encoded = rest[(dollar + 1)..].ToString();
        if (encoded.Length != EncodedHashLength)
        {
            return false;
        }

        foreach (var ch in encoded)
        {
            if (!Alphabet.Contains(ch, StringComparison.Ordinal))
            {
                return false;
            }
        }

        // Out-of-range rounds are clamped by Compute, as glibc does, so such hashes still verify.
        return true;
    }
}
