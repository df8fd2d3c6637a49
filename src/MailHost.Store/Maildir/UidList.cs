using System.Globalization;
using System.Text;

namespace MailHost.Store.Maildir;

/// <summary>
/// Parsed <c>dovecot-uidlist</c>: version 3 (<c>3 V&lt;uidvalidity&gt; N&lt;nextuid&gt; G&lt;guid&gt;</c>, records
/// <c>&lt;uid&gt; [fields] :&lt;filename&gt;</c>) and the old version 1 (<c>1 &lt;uidvalidity&gt; &lt;nextuid&gt;</c>, records
/// <c>&lt;uid&gt; &lt;filename&gt;</c>). A torn last line (no newline) is ignored and flagged so the next writer repairs it.
/// </summary>
internal sealed class UidList
{
    public const string FileName = "dovecot-uidlist";

    /// <summary>Records appended in memory before the base list is merged again (bounds the per-append copy).</summary>
    private const int MaxTail = 512;

    /// <summary>A tail this short is always scanned; a longer one is scanned for the first <see cref="LinearScans"/> lookups.</summary>
    private const int LinearTail = 16;

    private const int LinearScans = 4;

    private readonly List<UidListRecord> baseRecords;
    private readonly Dictionary<string, uint> baseIndex;
    private readonly UidListRecord[] tail;
    private Dictionary<string, uint>? tailIndex;
    private int tailScans;
    private List<UidListRecord>? combined;
    private Dictionary<string, uint>? combinedIndex;

    private UidList(uint uidValidity, uint nextUid, string guid, List<UidListRecord> records, bool torn, bool skippedLines)
        : this(uidValidity, nextUid, guid, records, IndexOf(records), [], torn, skippedLines)
    {
    }

    private UidList(
        uint uidValidity, uint nextUid, string guid, List<UidListRecord> records, Dictionary<string, uint> index, UidListRecord[] tail, bool torn, bool skippedLines)
    {
        UidValidity = uidValidity;
        HeaderNextUid = nextUid;
        Guid = guid;
        baseRecords = records;
        baseIndex = index;
        this.tail = tail;

        Torn = torn;
        SkippedLines = skippedLines;
    }

    public uint UidValidity { get; }

    /// <summary>The <c>N</c> of the header; records appended since the last rewrite may be higher.</summary>
    public uint HeaderNextUid { get; }

    public string Guid { get; }

    /// <summary>Records in ascending UID order (merged on first use when records were appended in memory).</summary>
    public List<UidListRecord> Records
    {
        get
        {
            if (tail.Length == 0)
            {
                return baseRecords;
            }

            if (Volatile.Read(ref combined) is { } done)
            {
                return done;
            }

            var merged = new List<UidListRecord>(baseRecords.Count + tail.Length);
            merged.AddRange(baseRecords);
            merged.AddRange(tail);
            return Interlocked.CompareExchange(ref combined, merged, null) ?? merged;
        }
    }

    public Dictionary<string, uint> ByBaseName
    {
        get
        {
            if (tail.Length == 0)
            {
                return baseIndex;
            }

            if (Volatile.Read(ref combinedIndex) is { } done)
            {
                return done;
            }

            var merged = new Dictionary<string, uint>(baseIndex, StringComparer.Ordinal);
            foreach (var record in tail)
            {
                merged[record.BaseName] = record.Uid;
            }

            return Interlocked.CompareExchange(ref combinedIndex, merged, null) ?? merged;
        }
    }

    public bool Torn { get; }

    /// <summary>Lines that were not understood (kept out of the list; a rewrite drops them).</summary>
    public bool SkippedLines { get; }

    /// <summary>The next UID to assign: never below the header's N nor below the highest record + 1.</summary>
    public uint NextUid
    {
        get
        {
            if (tail.Length > 0)
            {
                return Math.Max(HeaderNextUid, tail[^1].Uid + 1);
            }

            return baseRecords.Count == 0 ? Math.Max(HeaderNextUid, 1) : Math.Max(HeaderNextUid, baseRecords[^1].Uid + 1);
        }
    }

    /// <summary>How many records the list holds (parsed and appended), without merging them.</summary>
    public int Count => baseRecords.Count + tail.Length;

    /// <summary>The UID recorded for <paramref name="baseName"/>, without merging appended records (constant time).</summary>
    public bool TryGetUid(string baseName, out uint uid) =>
        baseIndex.TryGetValue(baseName, out uid) || TryGetTailUid(baseName.AsSpan(), out uid);

    /// <summary>Whether a record names this base name, without merging appended records (constant time).</summary>
    public bool Contains(string baseName) => baseIndex.ContainsKey(baseName) || TryGetTailUid(baseName.AsSpan(), out _);

    /// <summary>As <see cref="Contains(string)"/> for a name still in a directory entry's buffer (no string allocated).</summary>
    public bool Contains(ReadOnlySpan<char> baseName) =>
        baseIndex.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(baseName)
        || TryGetTailUid(baseName, out _);

    /// <summary>
    /// Looks a name up among the records appended in memory. Each APPEND makes a new list and asks it about one or two names,
    /// so indexing the whole tail for every version cost more than the append itself (4.9 % of the server's CPU in an
    /// APPEND loop on a 1,000-message folder): the first few questions scan the tail, a list asked more often indexes it.
    /// </summary>
    private bool TryGetTailUid(ReadOnlySpan<char> baseName, out uint uid)
    {
        uid = 0;
        if (tail.Length == 0)
        {
            return false;
        }

        var index = Volatile.Read(ref tailIndex);
        if (index is null && (tail.Length <= LinearTail || Interlocked.Increment(ref tailScans) <= LinearScans))
        {
            for (var i = tail.Length - 1; i >= 0; i--)
            {
                if (baseName.SequenceEqual(tail[i].BaseName))
                {
                    uid = tail[i].Uid;
                    return true;
                }
            }

            return false;
        }

        if (index is null)
        {
            var built = new Dictionary<string, uint>(tail.Length, StringComparer.Ordinal);
            foreach (var record in tail)
            {
                built[record.BaseName] = record.Uid;
            }

            index = Interlocked.CompareExchange(ref tailIndex, built, null) ?? built;
        }

        return index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(baseName, out uid);
    }

    /// <summary>
    /// This list after <paramref name="added"/> (ascending UIDs above <see cref="NextUid"/>) were appended to the file: shares
    /// the parsed records, so an append costs what it adds, not the folder size. Every <see cref="MaxTail"/> records it merges.
    /// </summary>
    public UidList WithAppended(IReadOnlyList<UidListRecord> added)
    {
        if (added.Count == 0)
        {
            return this;
        }

        if (tail.Length + added.Count > MaxTail)
        {
            var merged = new List<UidListRecord>(Records.Count + added.Count);
            merged.AddRange(Records);
            merged.AddRange(added);
            return new UidList(UidValidity, HeaderNextUid, Guid, merged, Torn, SkippedLines);
        }

        var newTail = new UidListRecord[tail.Length + added.Count];
        tail.CopyTo(newTail, 0);
        for (var i = 0; i < added.Count; i++)
        {
            newTail[tail.Length + i] = added[i];
        }

        return new UidList(UidValidity, HeaderNextUid, Guid, baseRecords, baseIndex, newTail, Torn, SkippedLines);
    }

    /// <summary>
    /// This (torn or partly unreadable) list completed with the records of <paramref name="previous"/>, an earlier intact parse
    /// of the same UIDVALIDITY that this process still remembers: every UID it proves is kept instead of being handed out anew.
    /// Still flagged torn, so the next writer rewrites the file whole.
    /// </summary>
    public UidList WithRecovered(UidList previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.UidValidity != UidValidity)
        {
            return this;
        }

        var names = ByBaseName;
        var uids = new HashSet<uint>(Records.Select(static r => r.Uid));
        var merged = new List<UidListRecord>(Records);
        foreach (var record in previous.Records)
        {
            if (!names.ContainsKey(record.BaseName) && uids.Add(record.Uid))
            {
                merged.Add(record);
            }
        }

        if (merged.Count == Records.Count)
        {
            return this;
        }

        merged.Sort(static (a, b) => a.Uid.CompareTo(b.Uid));
        return new UidList(UidValidity, Math.Max(HeaderNextUid, previous.NextUid), Guid, merged, torn: true, SkippedLines);
    }

    /// <summary>This list as rewritten with <paramref name="records"/> and header <c>N</c> = <paramref name="nextUid"/>.</summary>
    public UidList Rewritten(List<UidListRecord> records, uint nextUid) => new(UidValidity, nextUid, Guid, records, false, false);

    public static UidList Create(uint uidValidity, uint nextUid) => new(uidValidity, nextUid, NewGuid(), [], false, false);

    public static string NewGuid() => System.Guid.NewGuid().ToString("N");

    /// <summary>Parses file content; null when there is no usable header (empty or torn header: the caller rebuilds).</summary>
    public static UidList? Parse(string content)
    {
        var torn = content.Length > 0 && content[^1] != '\n';
        var lines = content.Split('\n');
        var usable = torn ? lines.Length - 1 : lines.Length;
        if (usable < 1 || lines[0].Length == 0)
        {
            return null;
        }

        if (!TryParseHeader(lines[0].TrimEnd('\r'), out var version, out var uidValidity, out var nextUid, out var guid))
        {
            return null;
        }

        var records = new List<UidListRecord>(Math.Max(usable - 1, 0));
        var skipped = false;
        uint last = 0;
        for (var i = 1; i < usable; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (!TryParseRecord(line, version, out var record) || record.Uid <= last)
            {
                skipped = true;
                continue;
            }

            last = record.Uid;
            records.Add(record);
        }

        return new UidList(uidValidity, nextUid, guid, records, torn, skipped);
    }

    public static string FormatHeader(uint uidValidity, uint nextUid, string guid) =>
        string.Create(CultureInfo.InvariantCulture, $"3 V{uidValidity} N{nextUid} G{guid}\n");

    public static string FormatRecord(uint uid, string baseName) =>
        string.Create(CultureInfo.InvariantCulture, $"{uid} :{baseName}\n");

    public string Format(IEnumerable<UidListRecord> records, uint nextUid)
    {
        var builder = new StringBuilder(FormatHeader(UidValidity, nextUid, Guid));
        foreach (var record in records)
        {
            builder.Append(FormatRecord(record.Uid, record.BaseName));
        }

        return builder.ToString();
    }

    private static Dictionary<string, uint> IndexOf(List<UidListRecord> records)
    {
        var index = new Dictionary<string, uint>(records.Count, StringComparer.Ordinal);
        foreach (var record in records)
        {
            index[record.BaseName] = record.Uid;
        }

        return index;
    }

    private static bool TryParseHeader(string line, out int version, out uint uidValidity, out uint nextUid, out string guid)
    {
        version = 0;
        uidValidity = 0;
        nextUid = 0;
        guid = string.Empty;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            return false;
        }

        if (version == 1)
        {
            return fields.Length >= 3
                && uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out uidValidity)
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out nextUid)
                && uidValidity != 0;
        }

        if (version != 3)
        {
            return false;
        }

        for (var i = 1; i < fields.Length; i++)
        {
            var field = fields[i];
            var value = field.AsSpan(1);
            switch (field[0])
            {
                case 'V':
                    if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uidValidity))
                    {
                        return false;
                    }

                    break;
                case 'N':
                    if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out nextUid))
                    {
                        return false;
                    }

                    break;
                case 'G':
                    guid = field[1..];
                    break;
                default:
                    // Other header extensions (future Dovecot fields) are allowed and ignored.
                    break;
            }
        }

        if (guid.Length == 0)
        {
            guid = NewGuid();
        }

        return uidValidity != 0;
    }

    private static bool TryParseRecord(string line, int version, out UidListRecord record)
    {
        record = default;
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !uint.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var uid) || uid == 0)
        {
            return false;
        }

        string fileName;
        if (version == 1)
        {
            fileName = line[(space + 1)..];
        }
        else
        {
            // Extension fields (e.g. "S1234", "W1260", "GMAILGUID") come before " :"; the file name may itself contain spaces.
            var colon = line.IndexOf(" :", space - 1, StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            fileName = line[(colon + 2)..];
        }

        if (fileName.Length == 0)
        {
            return false;
        }

        record = new UidListRecord(uid, MaildirFileName.BaseNameOf(fileName));
        return true;
    }
}
