using MailHost.Imap.Messages;
using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

internal sealed partial class ImapSession
{
    private readonly List<FetchItem> _fetchItems = [];
    private readonly List<SectionContent?> _sectionContents = [];
    private readonly List<uint> _seenNow = [];
    private readonly SectionCache _sectionCache = new();

    private bool TryReadSetArgument(ref ImapReader reader, bool uid)
    {
        if (!reader.TryReadSpace() || !reader.TryReadSequenceSet(out var set))
        {
            return false;
        }

        _selected!.Resolve(set, uid, _indices);
        return true;
    }

    private async ValueTask FetchAsync(bool uid)
    {
        {
            var reader = ArgumentReader();
            if (!TryReadSetArgument(ref reader, uid) || !reader.TryReadSpace() || !FetchParser.TryRead(ref reader, _fetchItems, _sectionCache) || !reader.TryReadLineEnd())
            {
                WriteBad("Invalid FETCH arguments");
                return;
            }
        }

        var selected = _selected!;
        var items = _fetchItems;
        var wantsFlags = false;
        var wantsUid = false;
        var setsSeen = false;
        var needsParsed = false;
        var needsFile = false;
        foreach (var item in items)
        {
            wantsFlags |= item.Kind == FetchItemKind.Flags;
            wantsUid |= item.Kind == FetchItemKind.Uid;
            setsSeen |= item.SetsSeen;
            needsParsed |= item.NeedsParsedMessage;
            needsFile |= item.NeedsFile;
        }

        // Sections that come from the parsed message alone (headers of a cached message) need no file: open it only when a
        // prepared section is a range of it. Whole messages and BINARY need the file to prepare.
        var fileAfterSections = needsFile && needsParsed && items.All(static item => !item.NeedsFile || (item.NeedsParsedMessage && !item.IsWholeMessage
            && item.Kind is FetchItemKind.BodySection or FetchItemKind.Rfc822Header or FetchItemKind.Rfc822Text));
        _seenNow.Clear();
        if (setsSeen && !selected.IsReadOnly)
        {
            foreach (var index in _indices)
            {
                var message = selected.Messages[index];
                if ((message.Flags & MessageFlags.Seen) == 0)
                {
                    _seenNow.Add(message.Uid);
                }
            }

            if (_seenNow.Count > 0)
            {
                await selected.Session.StoreFlagsAsync(_seenNow, FlagChangeMode.Add, MessageFlags.Seen, [], null, _aborted);
            }
        }

        var output = Output;
        var gone = false;
        foreach (var index in _indices)
        {
            var message = selected.Messages[index];
            ImapMessage? parsed = null;
            Stream? file = null;
            try
            {
                if (needsParsed)
                {
                    parsed = await selected.GetMessageAsync(message.Uid, _aborted);
                    if (parsed is null)
                    {
                        gone = true;
                        continue;
                    }
                }

                if (needsFile && !fileAfterSections)
                {
                    file = await selected.Session.OpenMessageAsync(message.Uid, _aborted);
                    if (file is null)
                    {
                        gone = true;
                        continue;
                    }
                }

                if (parsed is null && file is not null && file.Length != message.Size && WantsWholeMessageText())
                {
                    // RFC822.SIZE (the store's W= size) differs from the file's: a file with bare LFs, as Dovecot writes them.
                    // The parse counts them, so BODY[] goes out with CRLF in exactly RFC822.SIZE octets.
                    parsed = await selected.GetMessageAsync(message.Uid, _aborted);
                }

                if (!await PrepareSectionsAsync(parsed, file))
                {
                    WriteNo("UNKNOWN-CTE", "Unknown Content-Transfer-Encoding");
                    return;
                }

                if (fileAfterSections && NeedsFileRange())
                {
                    file = await selected.Session.OpenMessageAsync(message.Uid, _aborted);
                    if (file is null)
                    {
                        gone = true;
                        continue;
                    }
                }

                _midResponse = true;
                output.Write("* "u8);
                output.WriteNumber(index + 1);
                output.Write(" FETCH ("u8);
                var first = true;
                if (uid && !wantsUid)
                {
                    output.Write("UID "u8);
                    output.WriteNumber((long)message.Uid);
                    first = false;
                }

                if (!wantsFlags && _seenNow.Count > 0 && _seenNow.BinarySearch(message.Uid) >= 0)
                {
                    if (!first)
                    {
                        output.WriteByte((byte)' ');
                    }

                    output.Write("FLAGS "u8);
                    output.WriteFlags(message.Flags, message.Keywords, !_rev2);
                    first = false;
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (!first)
                    {
                        output.WriteByte((byte)' ');
                    }

                    first = false;
                    await WriteFetchItemAsync(items[i], _sectionContents[i], message, parsed, file);
                }

                output.Write(")\r\n"u8);
                _midResponse = false;
                if (output.CanGetUnflushedBytes && output.UnflushedBytes > FlushThreshold && !await FlushAsync())
                {
                    return;
                }
            }
            finally
            {
                if (file is not null)
                {
                    await file.DisposeAsync();
                }
            }
        }

        await ReportUpdatesAsync(uid);
        if (gone)
        {
            // The file went away underneath the session (another process expunged or removed it). As Dovecot does: answer
            // what still exists, then a tagged NO (RFC 2180 §4.1.2, RFC 5530 EXPUNGEISSUED) rather than an OK that hides the
            // gap; the session keeps its sequence numbers and the next NOOP reports the EXPUNGE.
            WriteNo("EXPUNGEISSUED", "Some of the requested messages no longer exist");
            return;
        }

        WriteOk(uid ? "UID FETCH completed" : "FETCH completed");
    }

    private bool WantsWholeMessageText()
    {
        foreach (var item in _fetchItems)
        {
            if (item.IsWholeMessage && item.Kind is FetchItemKind.BodySection or FetchItemKind.Rfc822)
            {
                return true;
            }
        }

        return false;
    }

    private bool NeedsFileRange()
    {
        foreach (var content in _sectionContents)
        {
            if (content is { IsFileRange: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Everything that can fail is looked up before the first byte of the message's FETCH line is written.</summary>
    private async ValueTask<bool> PrepareSectionsAsync(ImapMessage? parsed, Stream? file)
    {
        _sectionContents.Clear();
        foreach (var item in _fetchItems)
        {
            SectionContent? content = null;
            switch (item.Kind)
            {
                case FetchItemKind.BodySection or FetchItemKind.Rfc822 or FetchItemKind.Rfc822Header or FetchItemKind.Rfc822Text:
                    content = item.IsWholeMessage ? parsed?.WholeMessage ?? new SectionContent(true, 0, file!.Length, default) : parsed!.GetSection(item.Section!);
                    break;
                case FetchItemKind.Binary or FetchItemKind.BinarySize:
                    try
                    {
                        content = item.Section!.Part.Count == 0
                            ? new SectionContent(true, 0, file!.Length, default)
                            : await parsed!.GetBinaryAsync(file!, item.Section.Part, _aborted);
                    }
                    catch (InvalidDataException)
                    {
                        return false;
                    }

                    break;
            }

            _sectionContents.Add(content);
        }

        return true;
    }

    private async ValueTask WriteFetchItemAsync(FetchItem item, SectionContent? content, MessageInfo message, ImapMessage? parsed, Stream? file)
    {
        var output = Output;
        switch (item.Kind)
        {
            case FetchItemKind.Uid:
                output.Write("UID "u8);
                output.WriteNumber((long)message.Uid);
                break;
            case FetchItemKind.Flags:
                output.Write("FLAGS "u8);
                output.WriteFlags(message.Flags, message.Keywords, !_rev2);
                break;
            case FetchItemKind.InternalDate:
                output.Write("INTERNALDATE "u8);
                output.WriteDateTime(message.InternalDate);
                break;
            case FetchItemKind.Rfc822Size:
                output.Write("RFC822.SIZE "u8);
                output.WriteNumber(message.Size);
                break;
            case FetchItemKind.Envelope:
                output.Write("ENVELOPE "u8);
                output.Write(parsed!.Envelope.Span);
                break;
            case FetchItemKind.Body:
                output.Write("BODY "u8);
                output.Write(parsed!.Body.Span);
                break;
            case FetchItemKind.BodyStructure:
                output.Write("BODYSTRUCTURE "u8);
                output.Write(parsed!.BodyStructure.Span);
                break;
            case FetchItemKind.Rfc822:
                output.Write("RFC822 "u8);
                await WriteSectionAsync(content, file, -1, 0, binary: false);
                break;
            case FetchItemKind.Rfc822Header:
                output.Write("RFC822.HEADER "u8);
                await WriteSectionAsync(content, file, -1, 0, binary: false);
                break;
            case FetchItemKind.Rfc822Text:
                output.Write("RFC822.TEXT "u8);
                await WriteSectionAsync(content, file, -1, 0, binary: false);
                break;
            case FetchItemKind.BodySection or FetchItemKind.Binary:
                var binary = item.Kind == FetchItemKind.Binary;
                output.Write(binary ? "BINARY["u8 : "BODY["u8);
                output.WriteAscii(item.SectionText!);
                output.WriteByte((byte)']');
                WritePartialOrigin(item);
                output.WriteByte((byte)' ');
                await WriteSectionAsync(content, file, item.PartialStart, item.PartialLength, binary);
                break;
            case FetchItemKind.BinarySize:
                output.Write("BINARY.SIZE["u8);
                output.WriteAscii(item.SectionText!);
                output.Write("] "u8);
                output.WriteNumber(content?.Length ?? 0);
                break;
        }
    }

    private void WritePartialOrigin(FetchItem item)
    {
        if (item.HasPartial)
        {
            Output.WriteByte((byte)'<');
            Output.WriteNumber(item.PartialStart);
            Output.WriteByte((byte)'>');
        }
    }

    private async ValueTask WriteSectionAsync(SectionContent? content, Stream? file, long partialStart, long partialLength, bool binary)
    {
        var output = Output;
        if (content is not { } section)
        {
            output.Write("\"\""u8);
            return;
        }

        // A file range with bare LFs (a Dovecot-written file) goes on the wire with CRLF, as RFC822.SIZE counts it; a partial
        // <o.n> applies to those converted bytes.
        var converting = section.IsFileRange && section.BareLineFeeds > 0;
        var total = converting ? section.WireLength : section.Length;
        var start = 0L;
        var length = total;
        if (partialStart >= 0)
        {
            start = Math.Min(partialStart, total);
            length = Math.Min(partialLength, total - start);
        }

        if (binary)
        {
            output.WriteByte((byte)'~');
        }

        output.WriteByte((byte)'{');
        output.WriteNumber(length);
        output.Write("}\r\n"u8);
        if (!section.IsFileRange)
        {
            output.Write(section.Bytes.Span.Slice((int)start, (int)length));
            return;
        }

        if (converting)
        {
            await using var wire = ImapMessage.OpenSection(file!, section);
            await SkipAsync(wire, start);
            await CopySectionAsync(wire, length);
            return;
        }

        file!.Position = section.Offset + start;
        await CopySectionAsync(file, length);
    }

    private async ValueTask SkipAsync(Stream source, long count)
    {
        if (count == 0)
        {
            return;
        }

        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(16384);
        try
        {
            while (count > 0)
            {
                var read = await source.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count, scratch.Length)), _aborted);
                if (read == 0)
                {
                    throw new IOException("Message file is shorter than its announced section.");
                }

                count -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async ValueTask CopySectionAsync(Stream source, long length)
    {
        var output = Output;
        var remaining = length;
        while (remaining > 0)
        {
            var memory = output.GetMemory((int)Math.Min(remaining, 16384));
            var read = await source.ReadAsync(memory[..(int)Math.Min(remaining, memory.Length)], _aborted);
            if (read == 0)
            {
                throw new IOException("Message file is shorter than its announced section.");
            }

            output.Advance(read);
            remaining -= read;
            if (output.CanGetUnflushedBytes && output.UnflushedBytes > FlushThreshold)
            {
                await output.FlushAsync(_aborted);
            }
        }
    }
}
