namespace MailHost.Imap.Session;

/// <summary>LIST wildcard matching: <c>*</c> matches anything, <c>%</c> anything but the hierarchy separator (RFC 9051 §6.3.9).</summary>
internal static class ListPattern
{
    public static bool Matches(string pattern, string name)
    {
        // Iterative matching with backtracking to the last wildcard keeps this linear-ish and free of recursion.
        var p = 0;
        var n = 0;
        var starP = -1;
        var starN = 0;
        var percentP = -1;
        var percentN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
                percentP = -1;
            }
            else if (p < pattern.Length && pattern[p] == '%')
            {
                percentP = p++;
                percentN = n;
            }
            else if (p < pattern.Length && CharEquals(pattern[p], name[n], n, name))
            {
                p++;
                n++;
            }
            else if (percentP >= 0 && name[percentN] != '/')
            {
                p = percentP + 1;
                n = ++percentN;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
                percentP = -1;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] is '*' or '%')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool CharEquals(char a, char b, int index, string name) =>
        a == b || (index < 5 && name.StartsWith("INBOX", StringComparison.Ordinal) && (name.Length == 5 || name[5] == '/') && char.ToUpperInvariant(a) == b);
}
