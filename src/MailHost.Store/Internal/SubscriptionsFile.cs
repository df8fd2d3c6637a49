using System.Text;

namespace MailHost.Store.Internal;

/// <summary>
/// Dovecot's <c>subscriptions</c> file. Version 2 (written): <c>V\t2\n\n</c> then one UTF-8 name per line with TAB as
/// hierarchy separator. Version 1 (read only): one name per line as the client saw it.
/// </summary>
internal static class SubscriptionsFile
{
    public const string FileName = "subscriptions";

    public static HashSet<string> Parse(string? content)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(content))
        {
            return names;
        }

        var lines = content.Split('\n');
        var usable = content[^1] != '\n' ? lines.Length - 1 : lines.Length;
        var start = 0;
        var version2 = lines[0].TrimEnd('\r') == "V\t2";
        if (version2)
        {
            start = 1;
            while (start < usable && lines[start].TrimEnd('\r').Length > 0)
            {
                start++;
            }
        }

        for (var i = start; i < usable; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length > 0)
            {
                names.Add(version2 ? line.Replace('\t', '/') : line);
            }
        }

        return names;
    }

    public static string Format(IEnumerable<string> names)
    {
        var builder = new StringBuilder("V\t2\n\n");
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            builder.Append(name.Replace('/', '\t')).Append('\n');
        }

        return builder.ToString();
    }
}
