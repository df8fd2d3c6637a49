using System.Buffers;
using System.Text;
using MailHost.Imap.Protocol;
using MailHost.Imap.Session;

namespace MailHost.Imap.Tests.Session;

/// <summary>The parse paths the session runs for common commands allocate nothing once warm (DESIGN "Parsing without allocating").</summary>
public sealed class ParserAllocationTests
{
    private static long Measure(Func<int> parse)
    {
        parse();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            parse();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void Uid_fetch_with_header_fields_allocates_nothing()
    {
        var command = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("A1 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE)])\r\n"));
        var items = new List<FetchItem>();
        var cache = new SectionCache();
        int Parse()
        {
            var reader = new ImapReader(command);
            reader.TryReadTag(out _);
            reader.TryReadSpace();
            reader.TryReadAtom(out _);
            reader.TryReadSpace();
            reader.TryReadAtom(out _);
            reader.TryReadSpace();
            reader.TryReadSequenceSet(out _);
            reader.TryReadSpace();
            return FetchParser.TryRead(ref reader, items, cache) ? items.Count : -1;
        }

        Assert.That(Parse(), Is.EqualTo(2));
        Assert.That(items[1].Section!.FieldNames, Is.EqualTo(new[] { "FROM", "TO", "SUBJECT", "DATE" }));
        Assert.That(Measure(Parse), Is.Zero);
    }

    [Test]
    public void Nested_search_validation_allocates_nothing()
    {
        var command = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("OR (UNSEEN FLAGGED) NOT (DELETED OR SINCE 1-Jan-2024 LARGER 10000) UID 1:*\r\n"));
        var context = new SearchContext();
        int Parse()
        {
            var reader = new ImapReader(command);
            context.Reset();
            return SearchProgram.TryEvaluateAll(ref reader, context, out _) ? 1 : 0;
        }

        Assert.That(Parse(), Is.EqualTo(1));
        Assert.That(Measure(Parse), Is.Zero);
    }

    [Test]
    public void Store_with_system_flags_allocates_nothing()
    {
        var command = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("(\\Seen \\Flagged)\r\n"));
        var keywords = new List<string>();
        int Parse()
        {
            var reader = new ImapReader(command);
            return FlagParser.TryReadFlags(ref reader, allowBare: true, out var flags, keywords) ? (int)flags : -1;
        }

        Assert.That(Parse(), Is.EqualTo(5));
        Assert.That(Measure(Parse), Is.Zero);
    }
}
