using System.Globalization;
using System.Text;

namespace MailHost.Store.Maildir;

/// <summary>
/// <c>mailhost-modseq</c>, our side file next to <c>dovecot-uidlist</c> (Dovecot ignores it). Header
/// <c>MAILHOST-MODSEQ 1 V&lt;uidvalidity&gt; N&lt;nextuid&gt; H&lt;highestmodseq&gt; [X&lt;expungebaseline&gt;]</c>, then
/// append-only lines <c>&lt;uid&gt; &lt;modseq&gt;</c> (message added or changed) and <c>E&lt;uid&gt; &lt;modseq&gt;</c> (expunged).
/// The last line for a UID wins; the highest modseq is the maximum seen. Compaction rewrites the file with one line per live
/// message and records in <c>X</c> the highest modseq of the expunges it forgot, so the file and the in-memory index stay
/// bounded by the messages that exist: every expunge above <c>X</c> is still an <c>E</c> line in the file (what QRESYNC's
/// VANISHED (EARLIER) needs for a client that knows a modseq ≥ <c>X</c>; an older client gets the UID ranges that no longer
/// exist, as RFC 7162 §3.2.5.1 allows). The in-memory index keeps live UIDs only.
/// The recorded UIDs also prove <c>N</c> when <c>dovecot-uidlist</c> is lost, so UIDVALIDITY can be kept.
/// </summary>
internal sealed class ModSeqLog
{
    public const string FileName = "mailhost-modseq";

    public uint UidValidity { get; private set; }

    public uint NextUid { get; private set; }

    public ulong HighestModSeq { get; private set; }

    /// <summary>
    /// Header <c>X</c>: expunges up to this modseq may have been compacted away; every later one is an <c>E</c> line of the file.
    /// </summary>
    public ulong ExpungeBaseline { get; private set; }

    /// <summary>The highest modseq of an expunge this log knows of (an <c>E</c> line or, failing that, the baseline).</summary>
    public ulong LastExpungeModSeq { get; private set; }

    public Dictionary<uint, ulong> ModSeqs { get; } = [];

    public int ExpungedLines { get; private set; }

    public int LineCount { get; private set; }

    public static ModSeqLog Parse(string? content)
    {
        var log = new ModSeqLog();
        if (string.IsNullOrEmpty(content))
        {
            return log;
        }

        var lines = content.Split('\n');
        var usable = content[^1] != '\n' ? lines.Length - 1 : lines.Length;
        if (usable < 1 || !lines[0].StartsWith("MAILHOST-MODSEQ 1 ", StringComparison.Ordinal))
        {
            return log;
        }

        foreach (var field in lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2))
        {
            // Unknown header fields are ignored, so an older reader keeps working on a file with X.
            var value = field.AsSpan(1);
            switch (field[0])
            {
                case 'V' when uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v): log.UidValidity = v; break;
                case 'N' when uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n): log.NextUid = n; break;
                case 'H' when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var h): log.HighestModSeq = h; break;
                case 'X' when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var x): log.ExpungeBaseline = x; break;
                default: break;
            }
        }

        log.LastExpungeModSeq = log.ExpungeBaseline;
        for (var i = 1; i < usable; i++)
        {
            var line = lines[i];
            var expunged = line.StartsWith('E');
            var body = expunged ? line.AsSpan(1) : line.AsSpan();
            var space = body.IndexOf(' ');
            if (space <= 0
                || !uint.TryParse(body[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                || !ulong.TryParse(body[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var modSeq))
            {
                continue;
            }

            log.Apply(uid, modSeq, expunged);
        }

        return log;
    }

    private void Apply(uint uid, ulong modSeq, bool expunged)
    {
        LineCount++;
        HighestModSeq = Math.Max(HighestModSeq, modSeq);
        NextUid = Math.Max(NextUid, uid + 1);
        if (expunged)
        {
            ModSeqs.Remove(uid);
            ExpungedLines++;
            LastExpungeModSeq = Math.Max(LastExpungeModSeq, modSeq);
        }
        else
        {
            ModSeqs[uid] = modSeq;
        }
    }

    /// <summary>
    /// Applies the lines for <paramref name="changed"/> and <paramref name="expunged"/> at <paramref name="modSeq"/> that we just
    /// appended to the file, instead of re-reading and re-parsing it. Callers hold the folder's modseq gate; scans copy
    /// <see cref="ModSeqs"/> under that gate before handing it out, so nobody reads it while it changes.
    /// </summary>
    public void ApplyAppended(IReadOnlyCollection<uint> changed, IReadOnlyCollection<uint> expunged, ulong modSeq)
    {
        foreach (var uid in changed)
        {
            Apply(uid, modSeq, expunged: false);
        }

        foreach (var uid in expunged)
        {
            Apply(uid, modSeq, expunged: true);
        }
    }

    public static string FormatHeader(uint uidValidity, uint nextUid, ulong highestModSeq) =>
        string.Create(CultureInfo.InvariantCulture, $"MAILHOST-MODSEQ 1 V{uidValidity} N{nextUid} H{highestModSeq}\n");

    public static string FormatHeader(uint uidValidity, uint nextUid, ulong highestModSeq, ulong expungeBaseline) =>
        expungeBaseline == 0
            ? FormatHeader(uidValidity, nextUid, highestModSeq)
            : string.Create(CultureInfo.InvariantCulture, $"MAILHOST-MODSEQ 1 V{uidValidity} N{nextUid} H{highestModSeq} X{expungeBaseline}\n");

    public static void AppendLine(StringBuilder builder, uint uid, ulong modSeq, bool expunged)
    {
        if (expunged)
        {
            builder.Append('E');
        }

        builder.Append(uid.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(modSeq.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public string FormatCompacted(uint uidValidity, uint nextUid)
    {
        // The E lines are dropped, so the baseline moves up to the last of them (kept as is when the UIDVALIDITY changed: the
        // expunges it describes belong to the old UIDs).
        var baseline = uidValidity == UidValidity ? LastExpungeModSeq : 0;
        var builder = new StringBuilder(FormatHeader(uidValidity, nextUid, HighestModSeq, baseline));
        foreach (var pair in ModSeqs.OrderBy(static p => p.Key))
        {
            AppendLine(builder, pair.Key, pair.Value, expunged: false);
        }

        return builder.ToString();
    }
}
