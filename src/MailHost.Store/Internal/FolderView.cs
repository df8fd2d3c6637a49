using System.Collections;
using MailHost.Store.Maildir;

namespace MailHost.Store.Internal;

/// <summary>
/// One version of a folder as every session of this process sees it: built once per change of the folder (per scan) and never
/// modified, so any number of sessions reference the same instance and an idle session costs a pointer, not a copy of the folder.
/// Entries of unchanged messages are the very objects of the previous version, so sessions recognise "unchanged" by reference.
/// <see cref="MessageFlags.Recent"/> is set for messages in <c>new/</c>: the value a session gives a message it sees first here.
/// </summary>
internal sealed class FolderView : IReadOnlyList<MessageInfo>
{
    private readonly FolderViewEntry[] entries;
    private readonly string?[] keywordSlots;
    private readonly Dictionary<string, IReadOnlyList<string>> keywordLists;

    private FolderView(FolderScan scan, FolderViewEntry[] entries, Dictionary<string, IReadOnlyList<string>> keywordLists, IReadOnlyList<string> keywords)
    {
        UidValidity = scan.UidValidity;
        NextUid = scan.NextUid;
        HighestModSeq = scan.HighestModSeq;
        keywordSlots = scan.Keywords;
        this.entries = entries;
        this.keywordLists = keywordLists;
        Keywords = keywords;
    }

    public uint UidValidity { get; }

    public uint NextUid { get; }

    public ulong HighestModSeq { get; }

    /// <summary>Keyword names defined in the folder (one list shared by every session of this version).</summary>
    public IReadOnlyList<string> Keywords { get; }

    public int Count => entries.Length;

    public MessageInfo this[int index] => entries[index].Info;

    /// <summary>
    /// Builds the view of <paramref name="scan"/>, reusing <paramref name="previous"/>'s entry objects for messages whose file,
    /// modseq and keyword letters' meaning are unchanged, and one interned keyword list per distinct set of letters.
    /// </summary>
    public static FolderView Build(FolderScan scan, FolderView? previous)
    {
        if (previous is not null && previous.UidValidity != scan.UidValidity)
        {
            previous = null;
        }

        // The intern table passes from version to version while the keyword file is unchanged; only builds touch it, and
        // FolderShared runs those one at a time.
        var sameKeywords = previous is not null && previous.keywordSlots.AsSpan().SequenceEqual(scan.Keywords);
        var keywordLists = sameKeywords ? previous!.keywordLists : new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        var scanned = scan.Messages;
        var entries = new FolderViewEntry[scanned.Count];
        var old = previous?.entries ?? [];
        var j = 0;
        var reused = 0;
        for (var i = 0; i < scanned.Count; i++)
        {
            var source = scanned[i];
            var modSeq = scan.ModSeqs.TryGetValue(source.Uid, out var known) ? known : 1;
            while (j < old.Length && old[j].Info.Uid < source.Uid)
            {
                j++;
            }

            // Reuse needs the same file (name and directory) and, for keyword letters, the same dovecot-keywords meaning.
            if (j < old.Length && ReferenceEquals(old[j].Source, source) && old[j].Info.ModSeq == modSeq
                && (sameKeywords || source.Parsed.Keywords.Length == 0))
            {
                entries[i] = old[j];
                reused++;
                continue;
            }

            var info = new MessageInfo(
                source.Uid,
                source.Parsed.Flags | (source.InNew ? MessageFlags.Recent : MessageFlags.None),
                KeywordsOf(source.Parsed.Keywords, scan.Keywords, keywordLists),
                source.Parsed.VirtualSize ?? source.Size,
                source.InternalDate,
                modSeq);
            entries[i] = new FolderViewEntry(info, source);
        }

        // A rescan of an unchanged folder (the scan cache trusts no stamp younger than two seconds) gives the same view back, so
        // sessions that refresh meanwhile still share one object.
        if (sameKeywords && reused == old.Length && reused == entries.Length
            && previous!.NextUid == scan.NextUid && previous.HighestModSeq == scan.HighestModSeq)
        {
            return previous;
        }

        IReadOnlyList<string> names = sameKeywords ? previous!.Keywords : [.. scan.Keywords.OfType<string>()];
        return new FolderView(scan, entries, keywordLists, names);
    }

    /// <summary>Index of <paramref name="uid"/> (entries are in ascending UID order), or a negative number.</summary>
    public int IndexOf(uint uid) => this.IndexOfUid(uid);

    public ScannedMessage SourceAt(int index) => entries[index].Source;

    public IEnumerator<MessageInfo> GetEnumerator()
    {
        foreach (var entry in entries)
        {
            yield return entry.Info;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static IReadOnlyList<string> KeywordsOf(string letters, string?[] slots, Dictionary<string, IReadOnlyList<string>> lists)
    {
        if (letters.Length == 0)
        {
            return [];
        }

        if (!lists.TryGetValue(letters, out var names))
        {
            names = KeywordsFile.NamesOf(letters, slots);
            lists[letters] = names;
        }

        return names;
    }
}
