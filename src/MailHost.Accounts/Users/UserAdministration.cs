using MailHost.Accounts.Files;
using MailHost.Accounts.Hashing;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Users;

/// <summary>
/// Read-modify-write of the users file for the CLI. Lines it does not touch (comments, odd lines, other users, extra
/// fields) are written back byte for byte; every write is atomic.
/// </summary>
internal sealed class UserAdministration : IUserAdministration, IDisposable
{
    private readonly AddressCanonicalizer _canonicalizer;
    private readonly LocalDomains _domains;
    private readonly IPasswordHasher _hasher;
    private readonly UsersFile _users;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public UserAdministration(AddressCanonicalizer canonicalizer, LocalDomains domains, IPasswordHasher hasher, UsersFile users)
    {
        _canonicalizer = canonicalizer;
        _domains = domains;
        _hasher = hasher;
        _users = users;
    }

    public async ValueTask<UserAdministrationResult> AddAsync(string address, string password, CancellationToken cancellationToken)
    {
        if (!TryValidate(address, out var user, out var error) || !TryValidatePassword(password, out error))
        {
            return UserAdministrationResult.Failure(error);
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var lines = await ReadAsync(cancellationToken);
            if (lines.Any(line => line.User == user))
            {
                return UserAdministrationResult.Failure($"user already exists: {user.Address}");
            }

            var hash = await Task.Run(() => _hasher.Hash(password), cancellationToken);
            await WriteAsync(lines.Select(line => line.Raw).Append(user.Address + ":" + hash), cancellationToken);
            return UserAdministrationResult.Success;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask<UserAdministrationResult> SetPasswordAsync(string address, string password, CancellationToken cancellationToken)
    {
        if (!TryValidate(address, out var user, out var error) || !TryValidatePassword(password, out error))
        {
            return UserAdministrationResult.Failure(error);
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var lines = await ReadAsync(cancellationToken);
            var index = lines.FindIndex(line => line.User == user);
            if (index < 0)
            {
                return UserAdministrationResult.Failure($"no such user: {user.Address}");
            }

            var hash = await Task.Run(() => _hasher.Hash(password), cancellationToken);
            var output = lines.Select(line => line.Raw).ToArray();
            output[index] = lines[index].WithPassword(hash);
            await WriteAsync(output, cancellationToken);
            return UserAdministrationResult.Success;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask<UserAdministrationResult> RemoveAsync(string address, CancellationToken cancellationToken)
    {
        // A user must be removable even if its domain has since left Domains.
        if (!_canonicalizer.TryCanonicalize(address, out var user, out var error))
        {
            return UserAdministrationResult.Failure($"malformed address: {error}");
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var lines = await ReadAsync(cancellationToken);
            if (!lines.Exists(line => line.User == user))
            {
                return UserAdministrationResult.Failure($"no such user: {user.Address}");
            }

            // Every line for the address goes: removing only the first would bring a shadowed duplicate back to life.
            await WriteAsync(lines.Where(line => line.User != user).Select(line => line.Raw), cancellationToken);
            return UserAdministrationResult.Success;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var lines = await ReadAsync(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (line.User is not null && line.Problem is null && seen.Add(line.User.Address))
            {
                result.Add(line.User.Address);
            }
        }

        return result;
    }

    public void Dispose() => _writeGate.Dispose();

    private bool TryValidate(string address, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MailUser? user, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        if (!_canonicalizer.TryCanonicalize(address, out user, out var reason))
        {
            error = $"malformed address: {reason}";
            return false;
        }

        if (!_domains.ContainsCanonical(user.Domain))
        {
            error = $"unknown domain: {user.Domain} (not in Domains)";
            user = null;
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryValidatePassword(string password, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(password))
        {
            error = "empty password";
            return false;
        }

        // The file is line-based: a line break would end the entry and start a forged one.
        if (password.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            error = "password contains a line break or NUL";
            return false;
        }

        error = null;
        return true;
    }

    private async Task<List<UsersFileLine>> ReadAsync(CancellationToken cancellationToken)
    {
        string[] raw;
        try
        {
            raw = await File.ReadAllLinesAsync(_users.Path, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            // No users yet: the first add creates the file.
            raw = [];
        }

        return [.. UsersFileParser.Parse(raw, _canonicalizer)];
    }

    private async Task WriteAsync(IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        await AtomicFile.WriteAllLinesAsync(_users.Path, lines, cancellationToken);
        _users.Invalidate();
    }
}
