using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Authentication;

/// <summary>
/// Successful verifications by canonical user, holding HMAC-SHA256(password) under a random per-process key, so a memory
/// dump yields nothing usable offline. Entries die after <c>Accounts:AuthCacheSeconds</c> and with any users-file reload.
/// </summary>
internal sealed class AuthenticationCache
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, CachedLogin> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;
    private long _generation;

    public AuthenticationCache(IOptions<AccountsOptions> options, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _lifetime = TimeSpan.FromSeconds(options.Value.AuthCacheSeconds);
    }

    public int Count => _entries.Count;

    public bool TryHit(MailUser user, string password, long generation)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return false;
        }

        DropIfReloaded(generation);
        if (!_entries.TryGetValue(user.Address, out var entry))
        {
            return false;
        }

        if (entry.Generation != generation || entry.Expires <= _timeProvider.GetUtcNow())
        {
            _entries.TryRemove(new KeyValuePair<string, CachedLogin>(user.Address, entry));
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(password), entry.PasswordMac);
    }

    public void Add(MailUser user, string password, long generation)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return;
        }

        DropIfReloaded(generation);
        _entries[user.Address] = new CachedLogin(Mac(password), _timeProvider.GetUtcNow() + _lifetime, generation);
    }

    private void DropIfReloaded(long generation)
    {
        var previous = Interlocked.Exchange(ref _generation, generation);
        if (previous != generation)
        {
            _entries.Clear();
        }
    }

    /// <summary>Keyed hash of a password: lets equal passwords be recognised without keeping them.</summary>
    public byte[] Mac(string password) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(password));
}
