using System.Collections.Concurrent;
using MailHost.Accounts.Files;
using MailHost.Accounts.Hashing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Users;

/// <summary><c>&lt;Data&gt;/users</c>, reloaded when it changes; duplicates: the first line wins.</summary>
internal sealed class UsersFile : IDisposable
{
    private readonly IAddressCanonicalizer _canonicalizer;
    private readonly ILogger _logger;
    private readonly ReloadingFile<UsersSnapshot> _file;

    // Each reload would otherwise repeat the same warning for as long as the line stays.
    private readonly ConcurrentDictionary<string, byte> _warnedSchemes = new(StringComparer.Ordinal);

    public UsersFile(IOptions<AccountsSiteOptions> site, IAddressCanonicalizer canonicalizer, ILogger<UsersFile> logger)
        : this(site.Value.UsersPath, canonicalizer, logger, watch: true)
    {
    }

    internal UsersFile(string path, IAddressCanonicalizer canonicalizer, ILogger logger, bool watch)
    {
        _canonicalizer = canonicalizer;
        _logger = logger;
        _file = new ReloadingFile<UsersSnapshot>(path, Build, logger, watch);
    }

    public string Path => _file.Path;

    public UsersSnapshot Current => _file.Current;

    public (UsersSnapshot Value, long Generation) Snapshot => _file.Snapshot;

    public void Invalidate() => _file.Invalidate();

    public void Dispose() => _file.Dispose();

    private UsersSnapshot Build(IReadOnlyList<string> lines)
    {
        var parsed = UsersFileParser.Parse(lines, _canonicalizer);
        var users = new Dictionary<string, UserRecord>(StringComparer.Ordinal);
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in parsed)
        {
            if (line.Problem is not null)
            {
                _logger.IgnoredLine(_file.Path, line.LineNumber, line.Problem);
                continue;
            }

            if (line.User is null || line.Password is null)
            {
                continue;
            }

            if (firstLines.TryGetValue(line.User.Address, out var first))
            {
                _logger.DuplicateEntry(_file.Path, line.LineNumber, line.User.Address, first);
                continue;
            }

            var scheme = StoredPassword.Identify(line.Password, out _, out var schemeName);
            if (scheme == PasswordScheme.Unknown && _warnedSchemes.TryAdd(line.User.Address + "\n" + schemeName, 0))
            {
                _logger.UnsupportedScheme(line.User.Address, schemeName);
            }

            firstLines.Add(line.User.Address, line.LineNumber);
            users.Add(line.User.Address, new UserRecord(line.User, line.Password, scheme));
        }

        _logger.FileLoaded(_file.Path, users.Count);
        return new UsersSnapshot(System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(users, StringComparer.Ordinal));
    }
}
