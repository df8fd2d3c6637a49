using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MailHost.Store.Internal;
using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Internal;

/// <summary>A delivery's UID assignment must not cost the folder size: no cur/ listing, no re-parse of an unchanged uidlist.</summary>
public sealed class UidAssignmentCostTests
{
    private const int Existing = 2_000;

    private StoreHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = StoreHarness.Create();

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    [CancelAfter(60_000)]
    public async Task Delivery_into_a_large_folder_neither_lists_cur_nor_parses_the_unchanged_uidlist_again()
    {
        var inbox = await PopulatedInboxAsync();
        var target = new DeliveryTarget("example.org", "alice");
        Assert.That((await harness.DeliverAsync(StoreHarness.Message("warm-up"), target))[0].Status, Is.EqualTo(StoreStatus.Ok));
        var shared = harness.Context.SharedFor(inbox);
        var parses = shared.UidListParses;
        var curListings = shared.CurListings;
        Assert.That(parses, Is.GreaterThan(0), "the counters belong to the INBOX the delivery used");

        for (var i = 0; i < 5; i++)
        {
            Assert.That((await harness.DeliverAsync(StoreHarness.Message($"m{i}"), target))[0].Status, Is.EqualTo(StoreStatus.Ok));
        }

        var list = UidList.Parse(await File.ReadAllTextAsync(Path.Combine(inbox, UidList.FileName)))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shared.UidListParses, Is.EqualTo(parses), "dovecot-uidlist parsed again although only we wrote it");
            Assert.That(shared.CurListings, Is.EqualTo(curListings), "cur/ listed to assign a delivery's UID");
            Assert.That(list.Records.Select(r => r.Uid), Is.EqualTo(Enumerable.Range(1, Existing + 6).Select(u => (uint)u)));
            Assert.That(list.NextUid, Is.EqualTo((uint)Existing + 7));
        }

        // The in-memory state equals what a fresh parse of the file gives.
        var account = await harness.AccountAsync();
        await using var session = (await account.OpenMailboxAsync("INBOX", readOnly: true, CancellationToken.None)).Session!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session.Messages, Has.Count.EqualTo(Existing + 6));
            Assert.That(session.Messages[^1].Uid, Is.EqualTo((uint)Existing + 6));
            Assert.That(session.UidNext, Is.EqualTo((uint)Existing + 7));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_uidlist_rewritten_by_another_process_is_read_again_before_the_next_uid_is_given()
    {
        var target = new DeliveryTarget("example.org", "alice");
        await harness.AccountAsync();
        Assert.That((await harness.DeliverAsync(StoreHarness.Message("one"), target))[0].Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That((await harness.DeliverAsync(StoreHarness.Message("two"), target))[0].Status, Is.EqualTo(StoreStatus.Ok));
        var inbox = harness.UserRoot("example.org", "alice");
        var path = Path.Combine(inbox, UidList.FileName);
        var before = await File.ReadAllTextAsync(path);
        var stamp = File.GetLastWriteTimeUtc(path);
        Assert.That(before, Does.Match(@"^3 V\d+ N[1-3] "), "the test rewrites the header's one-digit N");

        // As Dovecot does: a new file renamed over the old one. Same length (N -> N9), different content and mtime.
        var rewritten = Regex.Replace(before, @"^(3 V\d+ )N[1-3] ", "${1}N9 ", RegexOptions.None, TimeSpan.FromSeconds(1));
        var tmp = Path.Combine(inbox, "tmp", "dovecot-uidlist.rewrite");
        await File.WriteAllTextAsync(tmp, rewritten);
        File.SetLastWriteTimeUtc(tmp, stamp.AddSeconds(1));
        File.Move(tmp, path, overwrite: true);
        Assert.That(new FileInfo(path).Length, Is.EqualTo(Encoding.UTF8.GetByteCount(before)));

        Assert.That((await harness.DeliverAsync(StoreHarness.Message("three"), target))[0].Status, Is.EqualTo(StoreStatus.Ok));
        var list = UidList.Parse(await File.ReadAllTextAsync(path))!;
        Assert.That(list.Records.Select(r => r.Uid), Is.EqualTo(new uint[] { 1, 2, 9 }));
    }

    [Test]
    public void Reading_an_absent_side_file_throws_no_exception()
    {
        var path = Path.Combine(harness.DataPath, "absent", KeywordsFile.FileName);
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is IOException)
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        string? content;
        try
        {
            content = DurableIo.ReadAllTextOrNull(path);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(content, Is.Null);
            Assert.That(thrown, Is.Zero);
        }
    }

    /// <summary>INBOX with <see cref="Existing"/> messages in cur/ and a matching dovecot-uidlist, as Dovecot leaves them.</summary>
    private async Task<string> PopulatedInboxAsync()
    {
        await harness.AccountAsync();
        var inbox = harness.UserRoot("example.org", "alice");
        var body = "Subject: old\r\n\r\nold message\r\n"u8.ToArray();
        var uidList = new StringBuilder();
        uidList.Append(UidList.FormatHeader(1_700_000_000, Existing + 1, "0123456789abcdef0123456789abcdef"));
        for (var uid = 1u; uid <= Existing; uid++)
        {
            var baseName = string.Create(CultureInfo.InvariantCulture, $"{1_600_000_000 + uid}.M{uid}P4242Q{uid}R{uid:x8}.old,S={body.Length},W={body.Length}");
            await File.WriteAllBytesAsync(Path.Combine(inbox, "cur", baseName + ":2,S"), body);
            uidList.Append(UidList.FormatRecord(uid, baseName));
        }

        await File.WriteAllTextAsync(Path.Combine(inbox, UidList.FileName), uidList.ToString());
        return inbox;
    }
}
