using System.Globalization;

namespace MailHost.Store.Maildir;

/// <summary>
/// A parsed Maildir file name: <c>&lt;base&gt;&lt;sep&gt;2,&lt;flags&gt;</c> where the base may carry <c>,S=&lt;size&gt;,W=&lt;vsize&gt;</c>.
/// Any of ":", ";" and "!" is accepted as separator; unknown flag letters (e.g. "P", passed) are preserved on rewrite.
/// </summary>
internal readonly record struct MaildirFileName(string BaseName, MessageFlags Flags, string Keywords, string OtherFlags, long? Size, long? VirtualSize)
{
    public static MaildirFileName Parse(string fileName)
    {
        var infoStart = FindInfoStart(fileName);
        var baseName = infoStart < 0 ? fileName : fileName[..infoStart];
        var flags = MessageFlags.None;
        Span<char> keywords = stackalloc char[26];
        Span<char> other = stackalloc char[26];
        int keywordCount = 0, otherCount = 0;
        if (infoStart >= 0 && fileName.Length > infoStart + 2 && fileName[infoStart + 1] == '2' && fileName[infoStart + 2] == ',')
        {
            foreach (var c in fileName.AsSpan(infoStart + 3))
            {
                switch (c)
                {
                    case 'D': flags |= MessageFlags.Draft; break;
                    case 'F': flags |= MessageFlags.Flagged; break;
                    case 'R': flags |= MessageFlags.Answered; break;
                    case 'S': flags |= MessageFlags.Seen; break;
                    case 'T': flags |= MessageFlags.Deleted; break;
                    case >= 'a' and <= 'z' when keywordCount < keywords.Length && !keywords[..keywordCount].Contains(c): keywords[keywordCount++] = c; break;
                    case >= 'A' and <= 'Z' when otherCount < other.Length && !other[..otherCount].Contains(c): other[otherCount++] = c; break;
                    default: break;
                }
            }
        }

        return new MaildirFileName(
            baseName,
            flags,
            keywordCount == 0 ? string.Empty : new string(keywords[..keywordCount]),
            otherCount == 0 ? string.Empty : new string(other[..otherCount]),
            ReadField(baseName, 'S'),
            ReadField(baseName, 'W'));
    }

    /// <summary>The part of a file name that never changes (what dovecot-uidlist matches on).</summary>
    public static string BaseNameOf(string fileName)
    {
        var infoStart = FindInfoStart(fileName);
        return infoStart < 0 ? fileName : fileName[..infoStart];
    }

    public static string Build(string baseName, char separator, MessageFlags flags, string keywordLetters, string otherFlags)
    {
        var letters = new List<char>(8);
        if ((flags & MessageFlags.Draft) != 0)
        {
            letters.Add('D');
        }

        if ((flags & MessageFlags.Flagged) != 0)
        {
            letters.Add('F');
        }

        if ((flags & MessageFlags.Answered) != 0)
        {
            letters.Add('R');
        }

        if ((flags & MessageFlags.Seen) != 0)
        {
            letters.Add('S');
        }

        if ((flags & MessageFlags.Deleted) != 0)
        {
            letters.Add('T');
        }

        foreach (var c in otherFlags)
        {
            if (!letters.Contains(c))
            {
                letters.Add(c);
            }
        }

        foreach (var c in keywordLetters)
        {
            if (!letters.Contains(c))
            {
                letters.Add(c);
            }
        }

        // Maildir requires flag letters in ASCII order.
        letters.Sort();
        return string.Concat(baseName, separator.ToString(), "2,", new string([.. letters]));
    }

    /// <summary>Orders new files by arrival: Dovecot compares the leading "secs.M&lt;usec&gt;" numerically, then the whole name.</summary>
    public static int CompareArrival(string left, string right)
    {
        var leftKey = ArrivalKey(left);
        var rightKey = ArrivalKey(right);
        var result = leftKey.Seconds.CompareTo(rightKey.Seconds);
        if (result == 0)
        {
            result = leftKey.Micros.CompareTo(rightKey.Micros);
        }

        return result != 0 ? result : string.CompareOrdinal(left, right);
    }

    private static (long Seconds, long Micros) ArrivalKey(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return (long.MaxValue, long.MaxValue);
        }

        long micros = 0;
        if (dot + 1 < name.Length && name[dot + 1] == 'M')
        {
            var end = dot + 2;
            while (end < name.Length && char.IsAsciiDigit(name[end]))
            {
                end++;
            }

            _ = long.TryParse(name.AsSpan(dot + 2, end - dot - 2), NumberStyles.None, CultureInfo.InvariantCulture, out micros);
        }

        return (seconds, micros);
    }

    /// <summary>The base name of a file name without allocating (directory listings that skip known names).</summary>
    public static ReadOnlySpan<char> BaseNameSpanOf(ReadOnlySpan<char> fileName)
    {
        var infoStart = FindInfoStart(fileName);
        return infoStart < 0 ? fileName : fileName[..infoStart];
    }

    private static int FindInfoStart(ReadOnlySpan<char> fileName)
    {
        var fallback = -1;
        for (var i = 0; i < fileName.Length; i++)
        {
            if (fileName[i] is ':' or ';' or '!')
            {
                if (i + 2 < fileName.Length && fileName[i + 1] == '2' && fileName[i + 2] == ',')
                {
                    return i;
                }

                if (i + 2 == fileName.Length && fileName[i + 1] == '2')
                {
                    return i;
                }

                if (fallback < 0 && i + 1 < fileName.Length && char.IsAsciiDigit(fileName[i + 1]))
                {
                    fallback = i;
                }
            }
        }

        return fallback;
    }

    private static long? ReadField(string baseName, char field)
    {
        ReadOnlySpan<char> marker = [',', field, '='];
        var start = baseName.AsSpan().IndexOf(marker);
        if (start < 0)
        {
            return null;
        }

        start += marker.Length;
        var end = start;
        while (end < baseName.Length && char.IsAsciiDigit(baseName[end]))
        {
            end++;
        }

        return long.TryParse(baseName.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
