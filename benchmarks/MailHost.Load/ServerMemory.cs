using System.Globalization;

namespace MailHost.Load;

/// <summary>
/// Memory of a server process and all its descendants, from /proc. Dovecot serves each IMAP connection from its
/// own process, so only the whole tree compares with a single-process server; PSS shares common pages fairly.
/// </summary>
internal static class ServerMemory
{
    public static (long RssKib, long PssKib, int Processes) Measure(int pid)
    {
        var tree = ProcessTree.Of(pid);
        long rss = 0;
        long pss = 0;
        foreach (var process in tree)
        {
            rss += ReadKib($"/proc/{process}/status", "VmRSS:");
            pss += ReadKib($"/proc/{process}/smaps_rollup", "Pss:");
        }

        return (rss, pss, tree.Count);
    }

    private static long ReadKib(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var number = line[key.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            return 0; // the process exited between listing and reading
        }
        catch (UnauthorizedAccessException)
        {
            return 0; // smaps_rollup of another user's process needs privileges; the RSS sum still stands
        }

        return 0;
    }
}
