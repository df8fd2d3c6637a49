using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts;

/// <summary>The configured <c>Domains</c>, canonical (so <c>xn--</c> and Unicode spellings match).</summary>
internal sealed class LocalDomains
{
    private readonly AddressCanonicalizer _canonicalizer;
    private readonly FrozenSet<string> _domains;

    public LocalDomains(IOptions<AccountsSiteOptions> site, AddressCanonicalizer canonicalizer)
        : this(site.Value.Domains, canonicalizer)
    {
    }

    internal LocalDomains(IEnumerable<string> domains, AddressCanonicalizer canonicalizer)
    {
        _canonicalizer = canonicalizer;
        var canonical = new List<string>();
        foreach (var domain in domains)
        {
            // Invalid entries are reported by AccountsSiteOptionsValidator at start-up.
            if (canonicalizer.TryCanonicalizeDomain(domain, out var value, out _))
            {
                canonical.Add(value);
            }
        }

        _domains = canonical.ToFrozenSet(StringComparer.Ordinal);
        All = [.. canonical.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Canonical domains in configuration order.</summary>
    public IReadOnlyList<string> All { get; }

    public bool ContainsCanonical(string canonicalDomain) => _domains.Contains(canonicalDomain);

    public bool Contains(string anyDomainSpelling) =>
        _canonicalizer.TryCanonicalizeDomain(anyDomainSpelling, out var canonical, out _) && _domains.Contains(canonical);
}
