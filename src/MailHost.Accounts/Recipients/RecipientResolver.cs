using MailHost.Accounts.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Recipients;

/// <summary>
/// Address → mailboxes, in this order: a user; an alias (chains followed up to <see cref="MaxAliasDepth"/>, loops cut);
/// plus-addressing (<c>user+tag</c> → user, folder <c>tag</c> if the store says it exists); the domain's catch-all.
/// </summary>
internal sealed class RecipientResolver : IRecipientResolver
{
    internal const int MaxAliasDepth = 10;

    private readonly AddressCanonicalizer _canonicalizer;
    private readonly LocalDomains _domains;
    private readonly UsersFile _users;
    private readonly AliasesFile _aliases;
    private readonly ILogger _logger;
    private readonly bool _plusAddressing;
    private readonly char _plusSeparator;
    private readonly Dictionary<string, MailUser> _catchAll = new(StringComparer.Ordinal);

    public RecipientResolver(
        IOptions<AccountsOptions> options, AddressCanonicalizer canonicalizer, LocalDomains domains, UsersFile users, AliasesFile aliases,
        ILogger<RecipientResolver> logger)
    {
        _canonicalizer = canonicalizer;
        _domains = domains;
        _users = users;
        _aliases = aliases;
        _logger = logger;
        _plusAddressing = options.Value.PlusAddressing && options.Value.PlusSeparator.Length == 1;
        _plusSeparator = _plusAddressing ? options.Value.PlusSeparator[0] : '\0';
        foreach (var (domain, target) in options.Value.CatchAll)
        {
            // Invalid entries are reported by AccountsOptionsValidator at start-up.
            if (canonicalizer.TryCanonicalizeDomain(domain, out var canonicalDomain, out _)
                && canonicalizer.TryCanonicalize(target, out var canonicalTarget, out _))
            {
                _catchAll.TryAdd(canonicalDomain, canonicalTarget);
            }
        }
    }

    public ValueTask<RecipientResolution> ResolveAsync(string address, Func<MailUser, string, bool>? folderExists, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Resolve(address, folderExists));

    public ValueTask<bool> MaySendAsAsync(MailUser user, string senderAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!_canonicalizer.TryCanonicalize(senderAddress, out var sender, out _) || !_domains.ContainsCanonical(sender.Domain))
        {
            return ValueTask.FromResult(false);
        }

        if (sender == user)
        {
            return ValueTask.FromResult(true);
        }

        // Never through the catch-all: its owner would otherwise own every unused address of the domain.
        var targets = new List<RecipientTarget>();
        Expand(sender, null, null, _users.Current, _aliases.Current, targets, 0, new HashSet<string>(StringComparer.Ordinal));
        return ValueTask.FromResult(targets.Exists(target => target.User == user));
    }

    public bool IsLocalDomain(string domain) => _domains.Contains(domain);

    private RecipientResolution Resolve(string address, Func<MailUser, string, bool>? folderExists)
    {
        if (!_canonicalizer.TryCanonicalize(address, out var recipient, out _))
        {
            return new RecipientResolution(RecipientStatus.Invalid, []);
        }

        if (!_domains.ContainsCanonical(recipient.Domain))
        {
            return new RecipientResolution(RecipientStatus.NotLocal, []);
        }

        var users = _users.Current;
        var aliases = _aliases.Current;
        var targets = new List<RecipientTarget>();
        var rawTag = RawTag(address);
        if (Expand(recipient, folderExists, rawTag, users, aliases, targets, 0, new HashSet<string>(StringComparer.Ordinal))
            || (_catchAll.TryGetValue(recipient.Domain, out var catchAll)
                && Expand(catchAll, folderExists, null, users, aliases, targets, 0, new HashSet<string>(StringComparer.Ordinal))))
        {
            return new RecipientResolution(RecipientStatus.Local, targets);
        }

        return new RecipientResolution(RecipientStatus.UnknownUser, []);
    }

    private bool Expand(
        MailUser address, Func<MailUser, string, bool>? folderExists, string? rawTag, UsersSnapshot users, AliasTable aliases,
        List<RecipientTarget> targets, int depth, HashSet<string> path)
    {
        if (users.Contains(address))
        {
            Add(targets, new RecipientTarget(address, null));
            return true;
        }

        if (aliases.TryGet(address, out var aliasTargets))
        {
            if (depth >= MaxAliasDepth)
            {
                _logger.AliasTooDeep(address.Address, MaxAliasDepth);
                return false;
            }

            if (!path.Add(address.Address))
            {
                _logger.AliasLoop(address.Address);
                return false;
            }

            var found = false;
            foreach (var target in aliasTargets)
            {
                found |= Expand(target, folderExists, null, users, aliases, targets, depth + 1, path);
            }

            path.Remove(address.Address);
            return found;
        }

        var separator = _plusAddressing ? address.LocalPart.IndexOf(_plusSeparator, StringComparison.Ordinal) : -1;
        if (separator <= 0)
        {
            return false;
        }

        var tag = address.LocalPart[(separator + 1)..];
        var baseTargets = new List<RecipientTarget>();
        if (!Expand(new MailUser(address.LocalPart[..separator], address.Domain), null, null, users, aliases, baseTargets, depth + 1, path))
        {
            return false;
        }

        foreach (var target in baseTargets)
        {
            Add(targets, target with { Folder = target.Folder ?? ExistingFolder(target.User, tag, rawTag, folderExists) });
        }

        return true;
    }

    /// <summary>The tag as the sender wrote it is tried first: folder names keep their case even where addresses do not.</summary>
    private static string? ExistingFolder(MailUser user, string tag, string? rawTag, Func<MailUser, string, bool>? folderExists)
    {
        if (folderExists is null || tag.Length == 0)
        {
            return null;
        }

        if (rawTag is not null && rawTag != tag && string.Equals(rawTag, tag, StringComparison.OrdinalIgnoreCase) && folderExists(user, rawTag))
        {
            return rawTag;
        }

        return folderExists(user, tag) ? tag : null;
    }

    private string? RawTag(string address)
    {
        if (!_plusAddressing || address.StartsWith('"'))
        {
            return null;
        }

        var at = address.LastIndexOf('@');
        var separator = at > 0 ? address.IndexOf(_plusSeparator, 0, at) : -1;
        return separator > 0 ? address[(separator + 1)..at].Normalize(System.Text.NormalizationForm.FormC) : null;
    }

    private static void Add(List<RecipientTarget> targets, RecipientTarget target)
    {
        if (!targets.Contains(target))
        {
            targets.Add(target);
        }
    }
}
