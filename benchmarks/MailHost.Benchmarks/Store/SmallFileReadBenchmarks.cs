using BenchmarkDotNet.Attributes;
using MailHost.Store.Internal;
using MailHost.Store.Maildir;

namespace MailHost.Benchmarks.Store;

/// <summary>
/// The store's side-file read (<c>DurableIo.ReadAllTextOrNull</c>), done for dovecot-uidlist, dovecot-keywords and the modseq
/// log whenever they changed since the last read (after every delivery and APPEND) and for dovecot-keywords on every scan:
/// a 10-record uidlist, and a folder without keywords (the file does not exist, the common case).
/// </summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
public class SmallFileReadBenchmarks
{
    private string directory = string.Empty;
    private string existing = string.Empty;
    private string missing = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "mailhost-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        existing = Path.Combine(directory, UidList.FileName);
        missing = Path.Combine(directory, KeywordsFile.FileName);
        var content = UidList.FormatHeader(1_700_000_000, 11, UidList.NewGuid());
        for (var uid = 1u; uid <= 10; uid++)
        {
            content += UidList.FormatRecord(uid, "1700000000.M1P1Q" + uid + "R0123456789abcdef.bench,S=4096,W=4100");
        }

        File.WriteAllText(existing, content);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    [Benchmark]
    public int ReadTenRecordUidList() => DurableIo.ReadAllTextOrNull(existing)!.Length;

    [Benchmark]
    public bool ReadMissingKeywordsFile() => DurableIo.ReadAllTextOrNull(missing) is null;
}
