using System.Buffers;
using BenchmarkDotNet.Attributes;
using MailHost.Imap.Protocol;
using MailHost.Imap.Session;
using MailHost.Store;

namespace MailHost.Benchmarks.Imap;

/// <summary>IMAP command parsing as the session does it; the target is 0 B allocated per command (DESIGN "Parsing without allocating").</summary>
[MemoryDiagnoser]
public class ImapParserBenchmarks
{
    private readonly ReadOnlySequence<byte> _fetch = new("A12 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE)])\r\n"u8.ToArray());
    private readonly ReadOnlySequence<byte> _store = new("A13 UID STORE 1:100,200:* +FLAGS.SILENT (\\Seen \\Flagged)\r\n"u8.ToArray());
    private readonly ReadOnlySequence<byte> _search =
        new("A14 SEARCH OR (UNSEEN FLAGGED) NOT (DELETED OR SINCE 1-Jan-2024 LARGER 10000) UID 1:* NOT (OR ANSWERED (DRAFT SMALLER 5))\r\n"u8.ToArray());
    private readonly ReadOnlySequence<byte> _append = new("A15 APPEND INBOX (\\Seen) \" 5-Mar-2024 10:20:30 +0100\" {4096+}\r\n"u8.ToArray());
    private readonly List<FetchItem> _items = [];
    private readonly SectionCache _cache = new();
    private readonly List<string> _keywords = [];
    private readonly SearchContext _context = new();

    [Benchmark]
    public int UidFetch() => ParseUidFetch(_fetch, _items, _cache);

    [Benchmark]
    public int UidStore() => ParseUidStore(_store, _keywords);

    [Benchmark]
    public int NestedSearch() => ParseSearch(_search, _context);

    [Benchmark]
    public long AppendHeader() => ParseAppend(_append, _keywords);

    internal static int ParseUidFetch(ReadOnlySequence<byte> command, List<FetchItem> items, SectionCache cache)
    {
        var reader = new ImapReader(command);
        reader.TryReadTag(out _);
        reader.TryReadSpace();
        reader.TryReadAtom(out _);
        reader.TryReadSpace();
        reader.TryReadAtom(out var name);
        var kind = ImapCommands.MatchUid(name);
        reader.TryReadSpace();
        reader.TryReadSequenceSet(out var set);
        reader.TryReadSpace();
        var ok = FetchParser.TryRead(ref reader, items, cache) && reader.TryReadLineEnd();
        return ok ? items.Count + set.Length + (int)kind : -1;
    }

    internal static int ParseUidStore(ReadOnlySequence<byte> command, List<string> keywords)
    {
        var reader = new ImapReader(command);
        reader.TryReadTag(out _);
        reader.TryReadSpace();
        reader.TryReadAtom(out _);
        reader.TryReadSpace();
        reader.TryReadAtom(out var name);
        var kind = ImapCommands.MatchUid(name);
        reader.TryReadSpace();
        reader.TryReadSequenceSet(out var set);
        reader.TryReadSpace();
        reader.TryReadAtom(out var action);
        reader.TryReadSpace();
        var ok = FlagParser.TryReadFlags(ref reader, allowBare: true, out var flags, keywords) && reader.TryReadLineEnd();
        return ok ? (int)flags + set.Length + action.Length + (int)kind : -1;
    }

    internal static int ParseSearch(ReadOnlySequence<byte> command, SearchContext context)
    {
        var reader = new ImapReader(command);
        reader.TryReadTag(out _);
        reader.TryReadSpace();
        reader.TryReadAtom(out var name);
        var kind = ImapCommands.Match(name);
        reader.TryReadSpace();
        context.Reset();
        var ok = SearchProgram.TryEvaluateAll(ref reader, context, out _);
        return ok ? (int)kind : -1;
    }

    internal static long ParseAppend(ReadOnlySequence<byte> command, List<string> keywords)
    {
        var reader = new ImapReader(command);
        reader.TryReadTag(out _);
        reader.TryReadSpace();
        reader.TryReadAtom(out var name);
        var kind = ImapCommands.Match(name);
        reader.TryReadSpace();
        reader.TryReadAString(out var mailbox);
        reader.TryReadSpace();
        var header = AppendParser.TryReadHeader(ref reader, keywords);
        return header is { } parsed ? parsed.Length + (long)parsed.Flags + mailbox.Raw.Length + (int)kind : -1;
    }
}
