namespace MailHost.Accounts.Hashing;

/// <summary>Hashes new passwords and verifies stored ones (a seam so tests can count verifications).</summary>
internal interface IPasswordHasher
{
    /// <summary>A users-file password field in our own scheme.</summary>
    string Hash(string password);

    /// <summary>CPU-bound; false for a mismatch and for schemes we do not support.</summary>
    bool Verify(string stored, string password);

    /// <summary>
    /// Whether verifying <paramref name="stored"/> costs at least as much as verifying a hash written now; a failed login
    /// against a cheaper (imported or older) hash must be padded, or its speed tells that the user exists.
    /// </summary>
    bool CostsAsMuchAsNewHashes(string stored);
}
