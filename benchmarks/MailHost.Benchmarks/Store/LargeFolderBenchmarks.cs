using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MailHost.Store;
using MailHost.Store.Maildir;

namespace MailHost.Benchmarks.Store;

/// <summary>A 100k-message folder: parsing its dovecot-uidlist, and a session refresh (directory listing + uidlist, no message file opened).</summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
public class LargeFolderBenchmarks
{
    private const int Messages = 100_000;
    private string uidList = null!;
    private StoreBenchmarkHost host = null!;
    private IMailboxSession session = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var builder = new StringBuilder(UidList.FormatHeader(1700000000, Messages + 1, UidList.NewGuid()));
        var names = new string[Messages];
        for (var i = 0; i < Messages; i++)
        {
            names[i] = string.Create(CultureInfo.InvariantCulture, $"{1700000000 + i}.M{i}P1Q{i}R0123456789abcdef.bench,S=4096,W=4100");
            builder.Append(UidList.FormatRecord((uint)(i + 1), names[i]));
        }

        uidList = builder.ToString();
        host = new StoreBenchmarkHost();
        var account = await host.Store.OpenAccountAsync("example.org", "big", CancellationToken.None);
        var root = Path.Combine(host.DataPath, "mail", "example.org", "big");
        foreach (var name in names)
        {
            await File.WriteAllBytesAsync(Path.Combine(root, "cur", name + ":2,S"), []);
        }

        await File.WriteAllTextAsync(Path.Combine(root, UidList.FileName), uidList);
        session = (await account.OpenMailboxAsync("INBOX", true, CancellationToken.None)).Session!;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await session.DisposeAsync();
        await host.DisposeAsync();
    }

    [Benchmark]
    public int ParseUidList() => UidList.Parse(uidList)!.Records.Count;

    [Benchmark]
    public async Task<int> RefreshSession()
    {
        await session.RefreshAsync(true, CancellationToken.None);
        return session.Messages.Count;
    }
}
