using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Maildir;

public sealed class UidListTests
{
    [Test]
    public void Parses_a_dovecot_v3_file_with_extension_fields()
    {
        const string content =
            "3 V1276528483 N5 G7e5b6a0c3a1b2f4cb37000009a9bd0e0\n" +
            "1 :1276528487.M364837P9451.kurkku,S=1355,W=1394\n" +
            "2 S1600 W1650 :1276528488.M11P9451.kurkku,S=1600,W=1650:2,S\n" +
            "4 GMAIL123 :1276528489.M12P9451.kurkku\n";
        var list = UidList.Parse(content)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.UidValidity, Is.EqualTo(1276528483u));
            Assert.That(list.NextUid, Is.EqualTo(5u));
            Assert.That(list.Guid, Is.EqualTo("7e5b6a0c3a1b2f4cb37000009a9bd0e0"));
            Assert.That(list.Records.Select(r => r.Uid), Is.EqualTo(new uint[] { 1, 2, 4 }));
            Assert.That(list.Records[1].BaseName, Is.EqualTo("1276528488.M11P9451.kurkku,S=1600,W=1650"));
            Assert.That(list.ByBaseName["1276528489.M12P9451.kurkku"], Is.EqualTo(4u));
            Assert.That(list.Torn, Is.False);
        }
    }

    [Test]
    public void Next_uid_follows_records_appended_after_the_header()
    {
        var list = UidList.Parse("3 V1 N2 Gabc\n1 :a\n2 :b\n7 :c\n")!;
        Assert.That(list.NextUid, Is.EqualTo(8u));
    }

    [Test]
    public void Header_n_is_kept_when_higher_than_records()
    {
        var list = UidList.Parse("3 V1 N40 Gabc\n1 :a\n")!;
        Assert.That(list.NextUid, Is.EqualTo(40u));
    }

    [Test]
    public void Parses_version_1_files()
    {
        var list = UidList.Parse("1 1234 3\n1 1035478339.27041_118.foo.org:2,S\n2 1035478340.1_1.foo.org\n")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.UidValidity, Is.EqualTo(1234u));
            Assert.That(list.NextUid, Is.EqualTo(3u));
            Assert.That(list.Records[0].BaseName, Is.EqualTo("1035478339.27041_118.foo.org"));
        }
    }

    [Test]
    public void Torn_last_line_is_ignored_and_flagged()
    {
        var list = UidList.Parse("3 V9 N3 Gabc\n1 :a\n2 :b\n3 :c-but-crash")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Torn, Is.True);
            Assert.That(list.Records, Has.Count.EqualTo(2));
            Assert.That(list.NextUid, Is.EqualTo(3u));
        }
    }

    [TestCase("")]
    [TestCase("3 V9 N3")]
    [TestCase("2 V9 N3 Gabc\n")]
    [TestCase("garbage\n")]
    [TestCase("3 N3 Gabc\n")]
    public void Unusable_headers_mean_rebuild(string content)
    {
        Assert.That(UidList.Parse(content), Is.Null);
    }

    [Test]
    public void Odd_but_valid_lines_are_tolerated()
    {
        // CRLF line ends, unknown header fields, blank lines, a record out of order and an unparsable one.
        var list = UidList.Parse("3 V5 N10 Gabc Zfuture\r\n\r\n1 :one\r\n3 :three\r\n2 :two-out-of-order\r\nx :junk\r\n4 :four with space\r\n")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Records.Select(r => r.Uid), Is.EqualTo(new uint[] { 1, 3, 4 }));
            Assert.That(list.Records[2].BaseName, Is.EqualTo("four with space"));
            Assert.That(list.SkippedLines, Is.True);
        }
    }

    [Test]
    public void Written_files_parse_back()
    {
        var list = UidList.Create(77, 1);
        var text = list.Format([new UidListRecord(1, "a,S=1,W=1"), new UidListRecord(2, "b")], 3);
        var parsed = UidList.Parse(text)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.StartWith($"3 V77 N3 G{list.Guid}\n1 :a,S=1,W=1\n2 :b\n"));
            Assert.That(parsed.Records, Has.Count.EqualTo(2));
            Assert.That(parsed.NextUid, Is.EqualTo(3u));
        }
    }

    [Test]
    public void Records_appended_in_memory_equal_a_parse_of_the_appended_file_across_merges()
    {
        const string header = "3 V1700000000 N3 G0123456789abcdef0123456789abcdef\n1 :one\n2 :two\n";
        var list = UidList.Parse(header)!;
        var file = new System.Text.StringBuilder(header);
        for (var uid = 3u; uid < 1_200; uid++)
        {
            var name = "m" + uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            list = list.WithAppended([new UidListRecord(uid, name)]);
            file.Append(UidList.FormatRecord(uid, name));
        }

        var parsed = UidList.Parse(file.ToString())!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Records, Is.EqualTo(parsed.Records));
            Assert.That(list.ByBaseName, Is.EquivalentTo(parsed.ByBaseName));
            Assert.That(list.NextUid, Is.EqualTo(1_200u));
            Assert.That(list.Contains("m1199"), Is.True);
            Assert.That(list.Contains("m1199".AsSpan()), Is.True);
            Assert.That(list.Contains("one".AsSpan()), Is.True);
            Assert.That(list.Contains("m1200".AsSpan()), Is.False);
            Assert.That(list.TryGetUid("m1199", out var last) ? last : 0u, Is.EqualTo(1_199u));
            Assert.That(list.TryGetUid("two", out var two) ? two : 0u, Is.EqualTo(2u));
            Assert.That(list.TryGetUid("m1200", out _), Is.False);
            Assert.That(list.Count, Is.EqualTo(parsed.Records.Count));
            Assert.That(list.UidValidity, Is.EqualTo(1_700_000_000u));
        }
    }

    [Test]
    public void A_torn_list_recovers_the_records_an_intact_earlier_parse_proves()
    {
        var previous = UidList.Parse("3 V9 N6 Gabc\n1 :a\n2 :b\n3 :c\n4 :d\n5 :e\n")!;
        var torn = UidList.Parse("3 V9 N6 Gabc\n1 :a\n2 :b\n3 :c-cut")!;
        var recovered = torn.WithRecovered(previous);
        var otherValidity = UidList.Parse("3 V10 N6 Gabc\n1 :a\n2 :b\n3 :c\n4 :d\n5 :e\n")!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(recovered.Records, Is.EqualTo(previous.Records), "every UID the earlier parse proves is kept");
            Assert.That(recovered.Torn, Is.True, "still flagged, so the next writer rewrites the file");
            Assert.That(recovered.NextUid, Is.EqualTo(6u));
            Assert.That(torn.WithRecovered(otherValidity).Records, Has.Count.EqualTo(2), "another UIDVALIDITY proves nothing");
        }
    }
}
