using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MailHost.Store;
using MailHost.Store.Maildir;

namespace MailHost.Benchmarks.Store;

/// <summary>
/// One delivery into an INBOX that already holds <see cref="ExistingMessages"/> messages (written in GlobalSetup as a
/// Dovecot would leave them: files in cur/ and a matching dovecot-uidlist). The target is that a delivery costs one
/// file write, one rename and at most one lock try whatever the folder size; this shows what it costs as the folder grows.
/// </summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
[OperationsPerSecond]
public class LargeFolderDeliveryBenchmarks
{
    private const string Domain = "example.org";
    private const string User = "alice";

    private StoreBenchmarkHost? _host;
    private DeliveryTarget[] _target = [];
    private byte[] _message = [];

    [Params(1_000, 10_000)]
    public int ExistingMessages { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _host = new StoreBenchmarkHost();
        _message = StoreBenchmarkHost.Message(4096);
        await _host.Store.OpenAccountAsync(Domain, User, CancellationToken.None);
        var inbox = Path.Combine(_host.DataPath, "mail", Domain, User);
        if (!Directory.Exists(Path.Combine(inbox, "cur")))
        {
            throw new InvalidOperationException("INBOX is not where expected: " + inbox);
        }

        Populate(inbox, ExistingMessages);
        var account = await _host.Store.OpenAccountAsync(Domain, User, CancellationToken.None);
        var opened = await account.OpenMailboxAsync("INBOX", readOnly: true, CancellationToken.None);
        await using (opened.Session)
        {
            if (opened.Session is null || opened.Session.Messages.Count != ExistingMessages || opened.Session.UidValidity != 1_700_000_000)
            {
                throw new InvalidOperationException(
                    $"populated INBOX opened as {opened.Status} with {opened.Session?.Messages.Count} messages, UIDVALIDITY {opened.Session?.UidValidity}");
            }
        }

        _target = [new DeliveryTarget(Domain, User)];
        await Deliver();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Benchmark]
    public Task Deliver() => _host!.DeliverCheckedAsync(_message, _target[0]);

    private static void Populate(string maildir, int count)
    {
        var body = "Subject: old\r\n\r\nold message\r\n"u8.ToArray();
        var uidList = new StringBuilder(count * 90);
        uidList.Append(UidList.FormatHeader(1_700_000_000, (uint)count + 1, "0123456789abcdef0123456789abcdef"));
        var cur = Path.Combine(maildir, "cur");
        for (var uid = 1u; uid <= count; uid++)
        {
            var baseName = string.Create(
                CultureInfo.InvariantCulture, $"{1_600_000_000 + uid}.M{uid % 1_000_000}P4242Q{uid}R{uid * 2_654_435_761u:x8}.old,S={body.Length},W={body.Length}");
            File.WriteAllBytes(Path.Combine(cur, baseName + ":2,S"), body);
            uidList.Append(UidList.FormatRecord(uid, baseName));
        }

        File.WriteAllText(Path.Combine(maildir, UidList.FileName), uidList.ToString());
    }
}
