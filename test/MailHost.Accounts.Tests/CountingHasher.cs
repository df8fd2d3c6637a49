using MailHost.Accounts.Hashing;

namespace MailHost.Accounts.Tests;

/// <summary>The real hasher with a count of verifications, to prove which logins hashed and which came from the cache.</summary>
internal sealed class CountingHasher(IPasswordHasher inner) : IPasswordHasher
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string Hash(string password) => inner.Hash(password);

    public bool CostsAsMuchAsNewHashes(string stored) => inner.CostsAsMuchAsNewHashes(stored);

    public bool Verify(string stored, string password)
    {
        Interlocked.Increment(ref _verifications);
        return inner.Verify(stored, password);
    }
}
