namespace MailHost.Accounts.Hashing;

/// <summary>Splits a users-file password field into its scheme and the scheme's own text.</summary>
internal static class StoredPassword
{
    public static PasswordScheme Identify(string stored, out string payload, out string schemeName)
    {
        payload = stored;
        schemeName = string.Empty;
        if (stored.StartsWith('{'))
        {
            var close = stored.IndexOf('}', StringComparison.Ordinal);
            if (close < 0)
            {
                schemeName = stored;
                return PasswordScheme.Unknown;
            }

            schemeName = stored[1..close].ToUpperInvariant();
            payload = stored[(close + 1)..];
            return schemeName switch
            {
                Pbkdf2Password.SchemeName => PasswordScheme.Pbkdf2Sha256,
                "PLAIN" or "CLEARTEXT" => PasswordScheme.Plain,
                "SHA512-CRYPT" => Sha512Crypt.IsWellFormed(payload) ? PasswordScheme.Sha512Crypt : PasswordScheme.Unknown,
                "BLF-CRYPT" => IsBcrypt(payload) ? PasswordScheme.BlowfishCrypt : PasswordScheme.Unknown,
                "CRYPT" => IdentifyCrypt(payload),
                _ => PasswordScheme.Unknown,
            };
        }

        schemeName = "CRYPT";
        return IdentifyCrypt(stored);
    }

    private static PasswordScheme IdentifyCrypt(string payload)
    {
        if (Sha512Crypt.IsWellFormed(payload))
        {
            return PasswordScheme.Sha512Crypt;
        }

        return IsBcrypt(payload) ? PasswordScheme.BlowfishCrypt : PasswordScheme.Unknown;
    }

    /// <summary><c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>, two-digit cost, 22 salt and 31 hash characters of the bcrypt alphabet.</summary>
    private static bool IsBcrypt(string payload)
    {
        if (payload.Length != 60 || payload[0] != '$' || payload[1] != '2' || payload[2] is not ('a' or 'b' or 'y')
            || payload[3] != '$' || !char.IsAsciiDigit(payload[4]) || !char.IsAsciiDigit(payload[5]) || payload[6] != '$')
        {
            return false;
        }

        var cost = ((payload[4] - '0') * 10) + (payload[5] - '0');
        if (cost is < 4 or > 31)
        {
            return false;
        }

        foreach (var c in payload.AsSpan(7))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '/'))
            {
                return false;
            }
        }

        return true;
    }
}
