using System.Globalization;

namespace MailHost.Load;

internal static class UserDirectory
{
    /// <summary>Reads <c>address:password</c> or Dovecot passwd-file lines (<c>address:{PLAIN}password:uid:gid:...</c>).</summary>
    public static IReadOnlyList<UserAccount> Load(LoadOptions options)
    {
        if (options.UsersFile is null)
        {
            return [.. Enumerable.Range(1, options.UserCount)
                .Select(i => new UserAccount(string.Format(CultureInfo.InvariantCulture, options.UserPattern, i), options.Password))];
        }

        var users = new List<UserAccount>();
        foreach (var raw in File.ReadLines(options.UsersFile))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ArgumentException($"users file line without ':' — '{line}'");
            }

            var password = line[(colon + 1)..];
            if (password.StartsWith("{PLAIN}", StringComparison.OrdinalIgnoreCase))
            {
                password = password["{PLAIN}".Length..];
                var end = password.IndexOf(':', StringComparison.Ordinal);
                password = end >= 0 ? password[..end] : password;
            }
            else if (password.StartsWith('{'))
            {
                throw new ArgumentException($"users file line for {line[..colon]} has a hashed password; the load tool needs {{PLAIN}}");
            }

            users.Add(new UserAccount(line[..colon], password));
        }

        return users.Count > 0 ? users : throw new ArgumentException($"{options.UsersFile} names no users");
    }
}
