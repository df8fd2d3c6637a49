using System.Collections.Concurrent;
using MailHost.Accounts.Hashing;

namespace MailHost.Accounts.Tests;

/// <summary>The real hasher, remembering every stored hash it was asked to verify against.</summary>
internal sealed class RecordingHasher(IPasswordHasher inner) : IPasswordHasher
{
    public ConcurrentQueue<string> Verified { get; } = new();

    public string Hash(string password) => inner.Hash(password);

    public bool CostsAsMuchAsNewHashes(string stored) => inner.CostsAsMuchAsNewHashes(stored);

    public bool Verify(string stored, string password)
    {
        Verified.Enqueue(stored);
        return inner.Verify(stored, password);
    }
}
