using System.Globalization;
using BenchmarkDotNet.Attributes;
using MailHost.Store.Maildir;

namespace MailHost.Benchmarks.Store;

/// <summary>
/// The in-memory side of a UID assignment: a name lookup and <see cref="UidList.WithAppended"/> for 1,024 single-record
/// appends (one APPEND each) to a folder of N records, as the cached list after each uidlist append. Expunges no longer rewrite (and
/// so re-merge) the list, so this is the steady cost per APPEND.
/// </summary>
[MemoryDiagnoser]
public class UidListInMemoryAppendBenchmarks
{
    private const int Appends = 1_024;

    private UidList list = null!;
    private UidListRecord[][] added = [];

    [Params(1_000, 100_000)]
    public int Existing { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new System.Text.StringBuilder(UidList.FormatHeader(1_700_000_000, 1, UidList.NewGuid()));
        for (var uid = 1u; uid <= Existing; uid++)
        {
            text.Append(UidList.FormatRecord(uid, Name(uid)));
        }

        list = UidList.Parse(text.ToString())!;
        added = Enumerable.Range(Existing + 1, Appends).Select(u => new[] { new UidListRecord((uint)u, Name((uint)u)) }).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Appends)]
    public uint AppendOne()
    {
        var current = list;
        foreach (var record in added)
        {
            // As AssignNewLockedAsync: the committed name is looked up in the current list, then appended.
            if (current.Contains(record[0].BaseName))
            {
                throw new InvalidOperationException("an appended name is already listed");
            }

            current = current.WithAppended(record);
        }

        return current.NextUid == (uint)(Existing + Appends + 1) ? current.NextUid : throw new InvalidOperationException("lost an appended record");
    }

    private static string Name(uint uid) =>
        string.Create(CultureInfo.InvariantCulture, $"{1_700_000_000 + uid}.M{uid}P4242Q{uid}R0123456789abcdef.bench,S=4096,W=4100");
}
