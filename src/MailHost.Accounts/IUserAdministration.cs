namespace MailHost.Accounts;

/// <summary>Edits the users file (<c>&lt;data&gt;/users</c>) for the CLI; writes are atomic (temp file + rename).</summary>
public interface IUserAdministration
{
    /// <summary>Adds a user; fails (Status false, one-line Error) on unknown domain, malformed address, empty password or existing user.</summary>
    ValueTask<UserAdministrationResult> AddAsync(string address, string password, CancellationToken cancellationToken);

    ValueTask<UserAdministrationResult> SetPasswordAsync(string address, string password, CancellationToken cancellationToken);

    ValueTask<UserAdministrationResult> RemoveAsync(string address, CancellationToken cancellationToken);

    /// <summary>Canonical addresses in file order.</summary>
    ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);
}
