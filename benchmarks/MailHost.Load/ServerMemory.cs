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
        var tree = Descendants(pid);
        long rss = 0;
        long pss = 0;
        foreach (var process in tree)
        {
            rss += ReadKib($"/proc/{process}/status", "VmRSS:");
            pss += ReadKib($"/proc/{process}/smaps_rollup", "Pss:");
        }

        return (rss, pss, tree.Count);
    }

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // the process exited while we looked
            }

            // Field 4 follows the command name, which is in parentheses and may itself contain spaces or ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var result = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            result.Add(pid);
            if (children.TryGetValue(pid, out var list))
            {
                list.ForEach(pending.Push);
            }
        }

        return result;
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
