using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using MailHost.Imap.Protocol;
using MailHost.Imap.Session;

namespace MailHost.Fuzzing;

/// <summary>
/// Feeds bytes as an IMAP command stream: lines and literals are gathered by the session's own <see cref="ImapInput"/> into a
/// <see cref="CommandBuffer"/>, then tag and command name are read and the arguments go through the same parsers the session
/// handlers call (sequence sets, FETCH items, SEARCH programs, STORE flags, APPEND headers, mailbox names, STATUS items).
/// </summary>
internal static class ImapCommandTarget
{
    private const int MaxLineLength = 8192;

    public static void Run(byte[] data)
    {
        var input = new ImapInput(PipeReader.Create(new ReadOnlySequence<byte>(data)), MaxLineLength);
        using var command = new CommandBuffer(1024);
        var fetchItems = new List<FetchItem>();
        var keywords = new List<string>();
        var sections = new SectionCache();
        var search = new SearchContext();
        while (true)
        {
            command.Clear();
            var status = Completed(input.ReadLineAsync(command, CancellationToken.None));
            if (status == ReadStatus.Closed)
            {
                return;
            }

            if (status != ReadStatus.Ok)
            {
                continue;
            }

            var literal = PendingLiteral.AtLineEnd(command.Span);
            var isAppend = IsAppend(command.Sequence);
            while (!isAppend && literal is { } pending && status == ReadStatus.Ok)
            {
                if (pending.Length > (2L * MaxLineLength) - command.Length)
                {
                    // The session refuses it and resynchronises by skipping the literal.
                    status = Completed(input.ReadExactAsync(pending.Length, null, null, CancellationToken.None));
                    break;
                }

                status = Completed(input.ReadExactAsync(pending.Length, null, command, CancellationToken.None));
                if (status == ReadStatus.Ok)
                {
                    var before = command.Length;
                    status = Completed(input.ReadLineAsync(command, CancellationToken.None));
                    literal = status == ReadStatus.Ok ? PendingLiteral.AtLineEnd(command.Span[before..]) : null;
                }
            }

            if (status == ReadStatus.Closed)
            {
                return;
            }

            if (status != ReadStatus.Ok || !Execute(command.Sequence, fetchItems, keywords, sections, search, out var appendLength))
            {
                continue;
            }

            // APPEND's message literal is streamed to the store by the session, never buffered: skip it the same way.
            if (appendLength > 0 && Completed(input.ReadExactAsync(appendLength, null, null, CancellationToken.None)) == ReadStatus.Closed)
            {
                return;
            }
        }
    }

    private static bool IsAppend(ReadOnlySequence<byte> sequence)
    {
        var reader = new ImapReader(sequence);
        return reader.TryReadTag(out _) && reader.TryReadSpace() && reader.TryReadAtom(out var name) && ImapCommands.Match(name) == ImapCommand.Append;
    }

    /// <summary>Parses one gathered command; false when it is a protocol error (the session would answer BAD).</summary>
    private static bool Execute(ReadOnlySequence<byte> sequence, List<FetchItem> fetchItems, List<string> keywords, SectionCache sections, SearchContext search, out long appendLength)
    {
        appendLength = 0;
        var reader = new ImapReader(sequence);
        if (reader.AtLineEnd || !reader.TryReadTag(out _) || !reader.TryReadSpace() || !reader.TryReadAtom(out var name))
        {
            return false;
        }

        var current = ImapCommands.Match(name);
        if (current == ImapCommand.Unknown && Ascii.EqualsIgnoreCase(name, "UID"u8) && reader.TryReadSpace() && reader.TryReadAtom(out var uidName))
        {
            current = ImapCommands.MatchUid(uidName);
        }

        foreach (var state in Enum.GetValues<SessionState>())
        {
            _ = ImapCommands.IsAllowed(current, state);
        }

        _ = ImapCommands.AllowsExpungeReport(current);
        switch (current)
        {
            case ImapCommand.Fetch or ImapCommand.UidFetch:
                fetchItems.Clear();
                return ReadSet(ref reader) && reader.TryReadSpace() && FetchParser.TryRead(ref reader, fetchItems, sections) && reader.TryReadLineEnd();
            case ImapCommand.Store or ImapCommand.UidStore:
                keywords.Clear();
                return ReadSet(ref reader) && reader.TryReadSpace() && reader.TryReadAtom(out _) && reader.TryReadSpace() &&
                    FlagParser.TryReadFlags(ref reader, allowBare: true, out _, keywords) && reader.TryReadLineEnd();
            case ImapCommand.Copy or ImapCommand.Move or ImapCommand.UidCopy or ImapCommand.UidMove:
                return ReadSet(ref reader) && reader.TryReadSpace() && ReadMailbox(ref reader) && reader.TryReadLineEnd();
            case ImapCommand.UidExpunge:
                return ReadSet(ref reader) && reader.TryReadLineEnd();
            case ImapCommand.Search or ImapCommand.UidSearch:
                return Search(ref reader, search);
            case ImapCommand.Append:
                keywords.Clear();
                if (!reader.TryReadSpace() || !ReadMailbox(ref reader) || !reader.TryReadSpace())
                {
                    return false;
                }

                var header = AppendParser.TryReadHeader(ref reader, keywords);
                appendLength = header?.Length ?? 0;
                return header is not null;
            case ImapCommand.Select or ImapCommand.Examine or ImapCommand.Create or ImapCommand.Delete or ImapCommand.Subscribe or ImapCommand.Unsubscribe:
                return reader.TryReadSpace() && ReadMailbox(ref reader) && (reader.TryReadLineEnd() || (reader.TryReadSpace() && reader.TrySkipList() && reader.TryReadLineEnd()));
            case ImapCommand.Rename:
                return reader.TryReadSpace() && ReadMailbox(ref reader) && reader.TryReadSpace() && ReadMailbox(ref reader) && reader.TryReadLineEnd();
            case ImapCommand.Status:
                return Status(ref reader);
            case ImapCommand.List or ImapCommand.Lsub:
                return List(ref reader);
            case ImapCommand.Login:
                return reader.TryReadSpace() && ReadDecoded(ref reader) && reader.TryReadSpace() && ReadDecoded(ref reader) && reader.TryReadLineEnd();
            default:
                // Remaining commands take atoms or a parenthesised list (ENABLE, ID, AUTHENTICATE); walk them generically.
                while (reader.TryReadSpace())
                {
                    if (!(reader.TryReadAString(out _) || reader.TryReadNString(out _) || reader.TrySkipList()))
                    {
                        return false;
                    }
                }

                return reader.TryReadLineEnd();
        }
    }

    private static bool ReadSet(ref ImapReader reader)
    {
        if (!reader.TryReadSpace() || !reader.TryReadSequenceSet(out var set))
        {
            return false;
        }

        foreach (var range in new SequenceSetEnumerator(set))
        {
            _ = range;
        }

        return true;
    }

    private static bool ReadMailbox(ref ImapReader reader)
    {
        if (!reader.TryReadAString(out var wire))
        {
            return false;
        }

        var text = wire.Decode();
        foreach (var utf8 in (ReadOnlySpan<bool>)[false, true])
        {
            if (MailboxNames.TryDecode(text, utf8, out var decoded))
            {
                var normalized = MailboxNames.Normalize(decoded);
                if (MailboxNames.IsAcceptable(normalized))
                {
                    _ = MailboxNames.Encode(normalized, utf8);
                }
            }
        }

        return true;
    }

    private static bool ReadDecoded(ref ImapReader reader)
    {
        if (!reader.TryReadAString(out var value))
        {
            return false;
        }

        Span<byte> copy = stackalloc byte[Math.Min(value.DecodedLength, 1024)];
        if (value.DecodedLength <= copy.Length)
        {
            _ = value.CopyTo(copy);
        }

        return true;
    }

    private static bool Search(ref ImapReader reader, SearchContext search)
    {
        if (!reader.TryReadSpace())
        {
            return false;
        }

        var start = reader;
        if (reader.TryReadKeyword(out var word) && Ascii.EqualsIgnoreCase(word, "CHARSET"u8))
        {
            if (!reader.TryReadSpace() || !reader.TryReadAString(out _) || !reader.TryReadSpace())
            {
                return false;
            }
        }
        else
        {
            reader = start;
        }

        // Validation pass only: evaluation needs a selected mailbox, which the session supplies after validation succeeded.
        search.Reset();
        search.Now = DateTimeOffset.UnixEpoch;
        return SearchProgram.TryEvaluateAll(ref reader, search, out _);
    }

    private static bool Status(ref ImapReader reader)
    {
        if (!reader.TryReadSpace() || !ReadMailbox(ref reader) || !reader.TryReadSpace() || !reader.TryConsume((byte)'('))
        {
            return false;
        }

        while (reader.TryReadAtom(out var item))
        {
            _ = StatusItemsParser.Parse(item);
            if (!reader.TryReadSpace())
            {
                break;
            }
        }

        return reader.TryConsume((byte)')') && reader.TryReadLineEnd();
    }

    private static bool List(ref ImapReader reader)
    {
        if (!reader.TryReadSpace())
        {
            return false;
        }

        if (reader.IsNext((byte)'(') && (!reader.TrySkipList() || !reader.TryReadSpace()))
        {
            return false;
        }

        if (!reader.TryReadAString(out var reference) || !reader.TryReadSpace() || !reader.TryReadListMailbox(out var pattern))
        {
            return false;
        }

        var combined = reference.Decode() + pattern.Decode();
        _ = ListPattern.Matches(combined, "INBOX/Sent Items/2026");
        _ = MailboxNames.TryDecodeModifiedUtf7(combined, out _);
        return reader.TryReadLineEnd() || (reader.TryReadSpace() && reader.TryReadKeyword(out _) && reader.TryReadSpace() && reader.TrySkipList() && reader.TryReadLineEnd());
    }

    private static T Completed<T>(ValueTask<T> pending)
    {
        // A pipe over an in-memory sequence never waits, so every read completes synchronously.
        if (!pending.IsCompleted)
        {
            throw new InvalidOperationException("An in-memory pipe read did not complete synchronously.");
        }

        return pending.GetAwaiter().GetResult();
    }
}
