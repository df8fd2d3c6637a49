using System.Collections.Frozen;
using MailHost.Accounts.Files;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Recipients;

/// <summary>
/// <c>&lt;Data&gt;/aliases</c>: <c>alias: target[, target…]</c>, <c>#</c> comments, reloaded on change. An alias without
/// <c>@domain</c> applies to every local domain; a target without one takes the alias's domain. Only local targets are
/// kept (there is no outbound relay to forward to).
/// </summary>
internal sealed class AliasesFile : IDisposable
{
    private readonly IAddressCanonicalizer _canonicalizer;
    private readonly LocalDomains _domains;
    private readonly ILogger _logger;
    private readonly ReloadingFile<AliasTable> _file;

    public AliasesFile(IOptions<AccountsSiteOptions> site, IAddressCanonicalizer canonicalizer, LocalDomains domains, ILogger<AliasesFile> logger)
        : this(site.Value.AliasesPath, canonicalizer, domains, logger, watch: true)
    {
    }

    internal AliasesFile(string path, IAddressCanonicalizer canonicalizer, LocalDomains domains, ILogger logger, bool watch)
    {
        _canonicalizer = canonicalizer;
        _domains = domains;
        _logger = logger;
        _file = new ReloadingFile<AliasTable>(path, Build, logger, watch);
    }

    public AliasTable Current => _file.Current;

    public void Dispose() => _file.Dispose();

    private AliasTable Build(IReadOnlyList<string> lines)
    {
        var aliases = new Dictionary<string, IReadOnlyList<MailUser>>(StringComparer.Ordinal);
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                _logger.IgnoredLine(_file.Path, number, "no ':' after the alias");
                continue;
            }

            var name = line[..colon].Trim();
            var aliasAddresses = name.Contains('@', StringComparison.Ordinal)
                ? [name]
                : _domains.All.Select(domain => name + "@" + domain).ToArray();
            foreach (var aliasText in aliasAddresses)
            {
                if (!_canonicalizer.TryCanonicalize(aliasText, out var alias, out var error))
                {
                    _logger.IgnoredLine(_file.Path, number, $"alias \"{aliasText}\": {error}");
                    continue;
                }

                if (firstLines.TryGetValue(alias.Address, out var first))
                {
                    _logger.DuplicateEntry(_file.Path, number, alias.Address, first);
                    continue;
                }

                var targets = ParseTargets(line[(colon + 1)..], alias.Domain, number);
                if (targets.Count == 0)
                {
                    _logger.IgnoredLine(_file.Path, number, $"alias {alias.Address} has no local target");
                    continue;
                }

                firstLines.Add(alias.Address, number);
                aliases.Add(alias.Address, targets);
            }
        }

        _logger.FileLoaded(_file.Path, aliases.Count);
        return new AliasTable(aliases.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private List<MailUser> ParseTargets(string text, string aliasDomain, int number)
    {
        var targets = new List<MailUser>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var targetText = part.Contains('@', StringComparison.Ordinal) ? part : part + "@" + aliasDomain;
            if (!_canonicalizer.TryCanonicalize(targetText, out var target, out var error))
            {
                _logger.IgnoredTarget(_file.Path, number, $"target \"{part}\": {error}");
            }
            else if (!_domains.ContainsCanonical(target.Domain))
            {
                _logger.IgnoredTarget(_file.Path, number, $"target {target.Address} is not in a local domain (forwarding is not supported)");
            }
            else if (!targets.Contains(target))
            {
                targets.Add(target);
            }
        }

        return targets;
    }
}
