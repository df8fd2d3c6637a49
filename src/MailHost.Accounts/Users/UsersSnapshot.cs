using System.Collections.Frozen;

namespace MailHost.Accounts.Users;

/// <summary>The users file as loaded: canonical address → record.</summary>
internal sealed class UsersSnapshot(FrozenDictionary<string, UserRecord> users)
{
    public static UsersSnapshot Empty { get; } = new(FrozenDictionary<string, UserRecord>.Empty);

    public int Count => users.Count;

    public bool TryGet(MailUser user, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UserRecord? record) =>
        users.TryGetValue(user.Address, out record);

    public bool Contains(MailUser user) => users.ContainsKey(user.Address);
}
