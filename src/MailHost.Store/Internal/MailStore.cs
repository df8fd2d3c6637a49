using System.Collections.Concurrent;

namespace MailHost.Store.Internal;

/// <summary>The store root: accounts under <c>&lt;Data&gt;/mail/&lt;domain&gt;/&lt;localpart&gt;</c>, created on first use.</summary>
internal sealed class MailStore : IMailStore
{
    private readonly StoreContext context;
    private readonly ConcurrentDictionary<string, AccountEntry> accounts = new(StringComparer.Ordinal);

    public MailStore(StoreContext context)
    {
        this.context = context;
        Delivery = new MessageDelivery(context, this);
    }

    public IMessageDelivery Delivery { get; }

    public string MailRoot => context.MailRoot;

    public ValueTask<IMailAccount> OpenAccountAsync(string domain, string localPart, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IMailAccount>(GetAccount(domain, localPart));

    /// <summary>Domain and local part are lower-cased (one directory per address on every file system) and must be plain path components.</summary>
    public MailAccount GetAccount(string domain, string localPart)
    {
        var normalisedDomain = Normalise(domain, nameof(domain));
        var normalisedLocal = Normalise(localPart, nameof(localPart));
        var key = string.Concat(normalisedDomain, "/", normalisedLocal);
        var entry = accounts.GetOrAdd(
            key,
            static (_, state) => new AccountEntry(new Lazy<MailAccount>(
                () =>
                {
                    var account = new MailAccount(state.context, state.normalisedDomain, state.normalisedLocal, Path.Combine(state.context.MailRoot, state.normalisedDomain, state.normalisedLocal));
                    account.EnsureCreated();
                    return account;
                },
                LazyThreadSafetyMode.ExecutionAndPublication)),
            (context, normalisedDomain, normalisedLocal));
        entry.MarkUsed(context.TimeProvider.GetUtcNow().UtcTicks);
        try
        {
            return entry.Account.Value;
        }
        catch (IOException)
        {
            // Do not cache a failed creation (disk full now may be fixed later).
            accounts.TryRemove(new KeyValuePair<string, AccountEntry>(key, entry));
            throw;
        }
    }

    /// <summary>
    /// Forgets accounts not opened since <paramref name="idleSinceTicks"/>, so the map follows the accounts in use. Safe while
    /// sessions still hold one: a <see cref="MailAccount"/> keeps no state of its own (its gate is in the process-wide gate
    /// map), so the instance made on the next open behaves exactly as the forgotten one. Returns how many are left.
    /// </summary>
    public int ForgetIdleAccounts(long idleSinceTicks)
    {
        foreach (var pair in accounts)
        {
            if (pair.Value.LastUsedTicks <= idleSinceTicks && pair.Value.Account.IsValueCreated)
            {
                accounts.TryRemove(pair);
            }
        }

        return accounts.Count;
    }

    /// <summary>Test hook: accounts in the map.</summary>
    public int AccountCount => accounts.Count;

    private static string Normalise(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameter);
        var lower = value.ToLowerInvariant();
        if (lower.Length > 255 || lower is "." or ".." || lower[0] == '.' || lower.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) >= 0 || lower.Any(char.IsControl))
        {
            throw new ArgumentException($"'{value}' cannot name a mail directory.", parameter);
        }

        return lower;
    }
}
