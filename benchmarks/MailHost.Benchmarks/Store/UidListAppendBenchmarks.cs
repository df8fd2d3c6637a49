using System.Globalization;
using BenchmarkDotNet.Attributes;
using MailHost.Store.Internal;
using MailHost.Store.Maildir;

namespace MailHost.Benchmarks.Store;

/// <summary>
/// One durable <c>dovecot-uidlist</c> record append as UID assignment does it (append + fsync before the UID is answered:
/// the price of "a UID once answered survives a crash"). Parsing is in <see cref="LargeFolderBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class UidListAppendBenchmarks
{
    private string directory = string.Empty;
    private string uidListPath = string.Empty;
    private uint nextUid;

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "mailhost-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        uidListPath = Path.Combine(directory, UidList.FileName);
        File.WriteAllText(uidListPath, UidList.FormatHeader(1_700_000_000, 1, UidList.NewGuid()));
        nextUid = 1;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var appended = UidList.Parse(File.ReadAllText(uidListPath));
        Directory.Delete(directory, recursive: true);
        if (appended is null || appended.Torn || appended.SkippedLines || appended.Records.Count != (int)nextUid - 1)
        {
            throw new InvalidOperationException($"appended uidlist holds {appended?.Records.Count} records, expected {nextUid - 1}");
        }
    }

    [Benchmark]
    public void AppendRecord()
    {
        var uid = nextUid++;
        DurableIo.AppendDurable(
            uidListPath,
            UidList.FormatRecord(uid, string.Create(CultureInfo.InvariantCulture, $"{1_700_000_000 + uid}.M{uid}P4242Q{uid}R0123456789abcdef.bench,S=4096,W=4100")));
    }
}
