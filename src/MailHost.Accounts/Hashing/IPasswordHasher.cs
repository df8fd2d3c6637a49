namespace MailHost.Accounts.Hashing;

/// <summary>Hashes new passwords and verifies stored ones (a seam so tests can count verifications).</summary>
internal interface IPasswordHasher
{
    /// <summary>A users-file password field in our own scheme.</summary>
    string Hash(string password);

    /// <summary>CPU-bound; false for a mismatch and for schemes we do not support.</summary>
    bool Verify(string stored, string password);
}
