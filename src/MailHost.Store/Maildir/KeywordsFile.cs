using System.Globalization;
using System.Text;

namespace MailHost.Store.Maildir;

/// <summary><c>dovecot-keywords</c>: lines <c>&lt;index&gt; &lt;keyword&gt;</c>; index 0..25 is the letter a..z in file names.</summary>
internal static class KeywordsFile
{
    public const string FileName = "dovecot-keywords";
    public const int MaxKeywords = 26;

    public static string?[] Parse(string content)
    {
        var keywords = new string?[MaxKeywords];
        var lines = content.Split('\n');
        var usable = content.Length > 0 && content[^1] != '\n' ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < usable; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0
                || !int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= MaxKeywords)
            {
                continue;
            }

            var name = line[(space + 1)..];
            if (name.Length > 0)
            {
                keywords[index] = name;
            }
        }

        return keywords;
    }

    public static string Format(string?[] keywords)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < keywords.Length; i++)
        {
            if (keywords[i] is { } name)
            {
                builder.Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(name).Append('\n');
            }
        }

        return builder.ToString();
    }

    public static IReadOnlyList<string> NamesOf(string letters, string?[] keywords)
    {
        if (letters.Length == 0)
        {
            return [];
        }

        var names = new List<string>(letters.Length);
        foreach (var letter in letters)
        {
            if (keywords[letter - 'a'] is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
