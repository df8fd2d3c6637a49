namespace MailHost.Accounts.Hashing;

/// <summary>Password schemes accepted in the users file (Dovecot names in braces).</summary>
internal enum PasswordScheme
{
    Unknown,

    /// <summary><c>{PBKDF2-SHA256}iterations$salt$hash</c>, written by MailHost.</summary>
    Pbkdf2Sha256,

    /// <summary><c>{PLAIN}</c> / <c>{CLEARTEXT}</c>.</summary>
    Plain,

    /// <summary><c>{SHA512-CRYPT}$6$…</c>, or a bare <c>$6$…</c> (Dovecot's default CRYPT scheme).</summary>
    Sha512Crypt,

    /// <summary><c>{BLF-CRYPT}$2y$…</c> (also <c>$2a$</c>, <c>$2b$</c>), or bare.</summary>
    BlowfishCrypt,
}
