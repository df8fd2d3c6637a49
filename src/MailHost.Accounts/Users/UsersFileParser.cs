namespace MailHost.Accounts.Users;

/// <summary>
/// Parses Dovecot passwd-file style lines, <c>address:password[:extra fields]</c>. Blank lines and lines starting with
/// <c>#</c> are comments. A quoted local part may contain a colon.
/// </summary>
internal static class UsersFileParser
{
    public static IReadOnlyList<UsersFileLine> Parse(IReadOnlyList<string> lines, IAddressCanonicalizer canonicalizer)
    {
        var result = new UsersFileLine[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            result[i] = ParseLine(lines[i], i + 1, canonicalizer);
        }

        return result;
    }

    public static UsersFileLine ParseLine(string raw, int lineNumber, IAddressCanonicalizer canonicalizer)
    {
        var trimmed = raw.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed[0] == '#')
        {
            return new UsersFileLine(raw, lineNumber, null, null, null, string.Empty, null);
        }

        var separator = FindAddressEnd(raw);
        if (separator < 0)
        {
            return new UsersFileLine(raw, lineNumber, null, null, null, string.Empty, "no ':' after the address");
        }

        var addressText = raw[..separator];
        var rest = raw[(separator + 1)..];
        var passwordEnd = rest.IndexOf(':', StringComparison.Ordinal);
        var password = passwordEnd < 0 ? rest : rest[..passwordEnd];
        var extra = passwordEnd < 0 ? string.Empty : rest[passwordEnd..];
        if (!canonicalizer.TryCanonicalize(addressText.Trim(), out var user, out var error))
        {
            return new UsersFileLine(raw, lineNumber, addressText, null, password, extra, error);
        }

        return password.Length == 0
            ? new UsersFileLine(raw, lineNumber, addressText, null, password, extra, "empty password field")
            : new UsersFileLine(raw, lineNumber, addressText, user, password, extra, null);
    }

    private static int FindAddressEnd(string line)
    {
        var start = 0;
        if (line.StartsWith('"'))
        {
            var i = 1;
            for (; i < line.Length && line[i] != '"'; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                }
            }

            start = Math.Min(i + 1, line.Length);
        }

        return line.IndexOf(':', start);
    }
}
