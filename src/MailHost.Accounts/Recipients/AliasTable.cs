using System.Collections.Frozen;

namespace MailHost.Accounts.Recipients;

/// <summary>The aliases file as loaded: canonical alias address → canonical local targets (file order).</summary>
internal sealed class AliasTable(FrozenDictionary<string, IReadOnlyList<MailUser>> aliases)
{
    public static AliasTable Empty { get; } = new(FrozenDictionary<string, IReadOnlyList<MailUser>>.Empty);

    public int Count => aliases.Count;

    public bool TryGet(MailUser alias, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<MailUser>? targets) =>
        aliases.TryGetValue(alias.Address, out targets);
}
