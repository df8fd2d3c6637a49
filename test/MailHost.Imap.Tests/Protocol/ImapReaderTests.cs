using System.Buffers;
using System.Text;
using MailHost.Imap.Protocol;

namespace MailHost.Imap.Tests.Protocol;

public sealed class ImapReaderTests
{
    private static ImapReader Reader(string text) => new(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)));

    [TestCase("abc", (int)ImapStringKind.Atom, "abc")]
    [TestCase("\"a b\"", (int)ImapStringKind.Quoted, "a b")]
    [TestCase("\"say \\\"hi\\\" \\\\o/\"", (int)ImapStringKind.Quoted, "say \"hi\" \\o/")]
    [TestCase("{5}\r\nhello", (int)ImapStringKind.Literal, "hello")]
    [TestCase("{5+}\r\nhe\r\nl", (int)ImapStringKind.Literal, "he\r\nl")]
    [TestCase("~{3}\r\nabc", (int)ImapStringKind.Literal, "abc")]
    [TestCase("INBOX]", (int)ImapStringKind.Atom, "INBOX]")]
    [TestCase("\"Grüße\"", (int)ImapStringKind.Quoted, "Grüße")]
    public void AString_is_read_and_decoded(string input, int kind, string expected)
    {
        var reader = Reader(input);
        var ok = reader.TryReadAString(out var value);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That((int)value.Kind, Is.EqualTo(kind));
            Assert.That(value.Decode(), Is.EqualTo(expected));
            Assert.That(reader.End, Is.True);
        }
    }

    [TestCase("\"unterminated")]
    [TestCase("\"bad \\x escape\"")]
    [TestCase("\"nul \0 inside\"")]
    [TestCase("{10}\r\nshort")]
    [TestCase("{4294967296999999999999}\r\n")]
    [TestCase("{-1}\r\n")]
    [TestCase("{abc}\r\n")]
    [TestCase("(")]
    [TestCase("")]
    [TestCase("{3}\r\na\0b")]
    public void Malformed_strings_are_refused(string input)
    {
        var reader = Reader(input);
        Assert.That(reader.TryReadAString(out _), Is.False);
    }

    [TestCase("1", true)]
    [TestCase("1:*", true)]
    [TestCase("*", true)]
    [TestCase("$", true)]
    [TestCase("1,3:5,7:*", true)]
    [TestCase("4294967295", true)]
    [TestCase("4294967296", false)]
    [TestCase("0", false)]
    [TestCase("1:0", false)]
    [TestCase(":5", false)]
    [TestCase("1,", false)]
    [TestCase("a", false)]
    public void Sequence_sets_are_validated(string input, bool valid)
    {
        var reader = Reader(input);
        var ok = reader.TryReadSequenceSet(out _) && reader.End;
        Assert.That(ok, Is.EqualTo(valid));
    }

    [Test]
    public void Sequence_set_enumerates_ranges_in_given_order()
    {
        var ranges = new List<SequenceRange>();
        foreach (var range in new SequenceSetEnumerator("5:2,7,*,3:*,$"u8))
        {
            ranges.Add(range);
        }

        Assert.That(ranges, Is.EqualTo(new[]
        {
            new SequenceRange(2, 5, false),
            new SequenceRange(7, 7, false),
            new SequenceRange(SequenceRange.Star, SequenceRange.Star, false),
            new SequenceRange(3, SequenceRange.Star, false),
            new SequenceRange(0, 0, true),
        }));
    }

    [TestCase("1-Feb-2024", 2024, 2, 1)]
    [TestCase("\"28-dec-1999\"", 1999, 12, 28)]
    [TestCase("29-Feb-2024", 2024, 2, 29)]
    public void Dates_are_parsed(string input, int year, int month, int day)
    {
        var reader = Reader(input);
        Assert.That(reader.TryReadDate(out var date), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(year, month, day)));
    }

    [TestCase("30-Feb-2024")]
    [TestCase("1-Foo-2024")]
    [TestCase("1-Feb")]
    public void Bad_dates_are_refused(string input)
    {
        var reader = Reader(input);
        Assert.That(reader.TryReadDate(out _), Is.False);
    }

    [Test]
    public void Date_time_with_zone_is_parsed()
    {
        var reader = Reader("\" 5-Mar-2024 10:20:30 -0700\"");
        Assert.That(reader.TryReadDateTime(out var value), Is.True);
        Assert.That(value, Is.EqualTo(new DateTimeOffset(2024, 3, 5, 10, 20, 30, TimeSpan.FromHours(-7))));
    }

    [TestCase("A001", true)]
    [TestCase("a.b-c_1", true)]
    [TestCase("+x", false)]
    [TestCase("*", false)]
    [TestCase("(", false)]
    public void Tags_follow_the_grammar(string input, bool valid)
    {
        var reader = Reader(input);
        Assert.That(reader.TryReadTag(out _) && reader.End, Is.EqualTo(valid));
    }

    [Test]
    public void Skipping_a_list_stops_at_the_nesting_limit()
    {
        var deep = new string('(', 10000) + new string(')', 10000);
        var reader = Reader(deep);
        Assert.That(reader.TrySkipList(), Is.False);
    }

    [TestCase("(a (b \"c)\" {1}\r\n)) d)", true)]
    [TestCase("(a (b)", false)]
    public void Lists_are_skipped_when_balanced(string input, bool balanced)
    {
        var reader = Reader(input);
        Assert.That(reader.TrySkipList(), Is.EqualTo(balanced));
    }

    [Test]
    public void Literal_header_reports_size_and_kind()
    {
        var reader = Reader("~{42+}");
        Assert.That(reader.TryReadLiteralHeader(out var length, out var nonSync, out var binary), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(length, Is.EqualTo(42));
            Assert.That(nonSync, Is.True);
            Assert.That(binary, Is.True);
        }
    }
}
