using System.Collections.Concurrent;

namespace MailHost.Store.Internal;

/// <summary>The store root: accounts under <c>&lt;Data&gt;/mail/&lt;domain&gt;/&lt;localpart&gt;</c>, created on first use.</summary>
internal sealed class MailStore : IMailStore
{
    private readonly StoreContext context;
    private readonly ConcurrentDictionary<string, Lazy<MailAccount>> accounts = new(StringComparer.Ordinal);

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
        var lazy = accounts.GetOrAdd(
            key,
            static (_, state) => new Lazy<MailAccount>(
                () =>
                {
                    var account = new MailAccount(state.context, state.normalisedDomain, state.normalisedLocal, Path.Combine(state.context.MailRoot, state.normalisedDomain, state.normalisedLocal));
                    account.EnsureCreated();
                    return account;
                },
                LazyThreadSafetyMode.ExecutionAndPublication),
            (context, normalisedDomain, normalisedLocal));
        try
        {
            return lazy.Value;
        }
        catch (IOException)
        {
            // Do not cache a failed creation (disk full now may be fixed later).
            accounts.TryRemove(new KeyValuePair<string, Lazy<MailAccount>>(key, lazy));
            throw;
        }
    }

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
