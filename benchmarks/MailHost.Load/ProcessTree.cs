using System.Globalization;

namespace MailHost.Load;

/// <summary>A process and all its descendants, from /proc.</summary>
internal static class ProcessTree
{
    public static List<int> Of(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            // Field 4, the parent, is the second after the command name.
            var fields = StatFields(pid);
            if (fields is not null && fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
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

    /// <summary>The fields of /proc/PID/stat after the command name (field 3, the state, comes first), or null once the process is gone.</summary>
    public static string[]? StatFields(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // the process exited
        }

        // The command name is in parentheses and may itself contain spaces or ')'.
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
