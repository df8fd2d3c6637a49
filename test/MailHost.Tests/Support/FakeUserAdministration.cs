using MailHost.Accounts;

namespace MailHost.Tests.Support;

/// <summary>Records what the CLI asked for, so verb parsing is tested apart from the users-file implementation.</summary>
internal sealed class FakeUserAdministration : IUserAdministration
{
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    public ValueTask<UserAdministrationResult> AddAsync(string address, string password, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Users.TryAdd(address, password) ? UserAdministrationResult.Success : UserAdministrationResult.Failure($"{address} already exists"));

    public ValueTask<UserAdministrationResult> SetPasswordAsync(string address, string password, CancellationToken cancellationToken)
    {
        if (!Users.ContainsKey(address))
        {
            return ValueTask.FromResult(UserAdministrationResult.Failure($"{address} does not exist"));
        }

        Users[address] = password;
        return ValueTask.FromResult(UserAdministrationResult.Success);
    }

    public ValueTask<UserAdministrationResult> RemoveAsync(string address, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Users.Remove(address) ? UserAdministrationResult.Success : UserAdministrationResult.Failure($"{address} does not exist"));

    public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>([.. Users.Keys]);
}
