using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Maildir;

public sealed class MaildirFileNameTests
{
    [TestCase("1276528487.M364837P9451.kurkku,S=1355,W=1394:2,S", "1276528487.M364837P9451.kurkku,S=1355,W=1394", MessageFlags.Seen, "", 1355L, 1394L)]
    [TestCase("1276528487.M364837P9451.kurkku,S=1355,W=1394;2,FRS", "1276528487.M364837P9451.kurkku,S=1355,W=1394", MessageFlags.Flagged | MessageFlags.Answered | MessageFlags.Seen, "", 1355L, 1394L)]
    [TestCase("1276528487.M364837P9451.kurkku!2,DTab", "1276528487.M364837P9451.kurkku", MessageFlags.Draft | MessageFlags.Deleted, "ab", null, null)]
    [TestCase("1035478339.27041_118.foo.org", "1035478339.27041_118.foo.org", MessageFlags.None, "", null, null)]
    [TestCase("1035478339.27041_118.foo.org:2,", "1035478339.27041_118.foo.org", MessageFlags.None, "", null, null)]
    [TestCase("1.M2P3.host\\072x,S=10:2,PSc", "1.M2P3.host\\072x,S=10", MessageFlags.Seen, "c", 10L, null)]
    public void Parses_dovecot_names(string fileName, string baseName, MessageFlags flags, string keywords, long? size, long? vsize)
    {
        var parsed = MaildirFileName.Parse(fileName);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.BaseName, Is.EqualTo(baseName));
            Assert.That(MaildirFileName.BaseNameOf(fileName), Is.EqualTo(baseName));
            Assert.That(parsed.Flags, Is.EqualTo(flags));
            Assert.That(parsed.Keywords, Is.EqualTo(keywords));
            Assert.That(parsed.Size, Is.EqualTo(size));
            Assert.That(parsed.VirtualSize, Is.EqualTo(vsize));
        }
    }

    [TestCase(':')]
    [TestCase(';')]
    public void Builds_flags_in_ascii_order_and_keeps_unknown_letters(char separator)
    {
        var name = MaildirFileName.Build("b", separator, MessageFlags.Seen | MessageFlags.Draft | MessageFlags.Flagged | MessageFlags.Answered | MessageFlags.Deleted | MessageFlags.Recent, "ca", "P");
        Assert.That(name, Is.EqualTo($"b{separator}2,DFPRSTac"));
        Assert.That(MaildirFileName.Parse(name).OtherFlags, Is.EqualTo("P"));
    }

    [Test]
    public void Arrival_order_compares_seconds_and_microseconds_numerically()
    {
        var names = new List<string> { "100.M20P1.h", "99.M999999P1.h", "100.M3P1.h", "100.M100P1.h" };
        names.Sort(MaildirFileName.CompareArrival);
        Assert.That(names, Is.EqualTo(new[] { "99.M999999P1.h", "100.M3P1.h", "100.M20P1.h", "100.M100P1.h" }));
    }

    [Test]
    public void Generated_names_are_unique_and_carry_sizes()
    {
        var names = Enumerable.Range(0, 1000).Select(_ => MaildirNameGenerator.NewBaseName(TimeProvider.System)).ToHashSet();
        var withSizes = MaildirNameGenerator.WithSizes(names.First(), 12, 14);
        var parsed = MaildirFileName.Parse(withSizes + ":2,S");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(names, Has.Count.EqualTo(1000));
            Assert.That(names.First(), Does.Match(@"^\d+\.M\d+P\d+Q\d+R[0-9a-f]{16}\..+$"));
            Assert.That(parsed.Size, Is.EqualTo(12));
            Assert.That(parsed.VirtualSize, Is.EqualTo(14));
            Assert.That(parsed.BaseName, Is.EqualTo(withSizes));
        }
    }
}
