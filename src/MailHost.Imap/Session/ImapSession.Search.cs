using System.Text;
using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

internal sealed partial class ImapSession
{
    private readonly SearchContext _search = new();
    private readonly List<uint> _results = [];

    private async ValueTask SearchAsync(bool uid)
    {
        var returns = SearchReturn.None;
        var extended = false;
        int keysOffset;
        var badCharset = false;
        _search.Reset();
        _search.Imap4rev2 = _rev2;
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace())
            {
                WriteBad("Invalid SEARCH arguments");
                return;
            }

            var start = reader.Consumed;
            if (reader.TryReadKeyword(out var word) && Ascii.EqualsIgnoreCase(word, "RETURN"u8))
            {
                extended = true;
                if (!reader.TryReadSpace() || !TryReadSearchReturn(ref reader, out returns) || !reader.TryReadSpace())
                {
                    WriteBad("Invalid SEARCH RETURN options");
                    return;
                }

                start = reader.Consumed;
                reader.TryReadKeyword(out word);
            }

            if (Ascii.EqualsIgnoreCase(word, "CHARSET"u8))
            {
                if (!reader.TryReadSpace() || !reader.TryReadAString(out var charset) || !reader.TryReadSpace())
                {
                    WriteBad("Invalid SEARCH arguments");
                    return;
                }

                badCharset = !(charset.EqualsIgnoreCase("UTF-8"u8) || charset.EqualsIgnoreCase("US-ASCII"u8) || charset.EqualsIgnoreCase("UTF8"u8));
                keysOffset = _argumentsOffset + (int)reader.Consumed;
            }
            else
            {
                keysOffset = _argumentsOffset + (int)start;
            }
        }

        if (badCharset)
        {
            WriteNo("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
            return;
        }

        _search.Mailbox = _selected;
        {
            var reader = new ImapReader(_command.Sequence.Slice(keysOffset));
            if (!SearchProgram.TryEvaluateAll(ref reader, _search, out _))
            {
                WriteBad("Invalid SEARCH criteria");
                return;
            }
        }

        var selected = _selected!;
        _search.Now = _timeProvider.GetUtcNow();
        _results.Clear();
        var messages = selected.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var parsed = _search.NeedsParsedMessage ? await selected.GetMessageAsync(message.Uid, _aborted) : null;
            if (_search.NeedsParsedMessage && parsed is null)
            {
                continue;
            }

            _search.TextResults.Clear();
            foreach (var (value, includeHeaders) in _search.TextKeys)
            {
                var found = false;
                var stream = await selected.Session.OpenMessageAsync(message.Uid, _aborted);
                if (stream is not null)
                {
                    await using (stream)
                    {
                        parsed ??= await selected.GetMessageAsync(message.Uid, _aborted);
                        found = parsed is not null && await parsed.ContainsTextAsync(stream, value, includeHeaders, _aborted);
                    }
                }

                _search.TextResults.Add(found);
            }

            if (EvaluateSearch(keysOffset, message, i + 1, parsed))
            {
                _results.Add(uid ? message.Uid : (uint)(i + 1));
            }
        }

        if (_rev2 && !extended)
        {
            extended = true;
            returns = SearchReturn.All;
        }

        if ((returns & SearchReturn.Save) != 0)
        {
            selected.Saved.Clear();
            var onlyMinMax = (returns & (SearchReturn.All | SearchReturn.Count)) == 0 && (returns & (SearchReturn.Min | SearchReturn.Max)) != 0;
            for (var r = 0; r < _results.Count; r++)
            {
                if (onlyMinMax && !((r == 0 && (returns & SearchReturn.Min) != 0) || (r == _results.Count - 1 && (returns & SearchReturn.Max) != 0)))
                {
                    continue;
                }

                selected.Saved.Add(uid ? _results[r] : messages[(int)_results[r] - 1].Uid);
            }

            selected.Saved.Sort();
        }

        var output = Output;
        if (!extended)
        {
            output.Write("* SEARCH"u8);
            foreach (var result in _results)
            {
                output.WriteByte((byte)' ');
                output.WriteNumber((long)result);
            }

            output.WriteCrlf();
        }
        else if (returns != SearchReturn.Save)
        {
            output.Write("* ESEARCH (TAG \""u8);
            output.Write(_tag.AsSpan(0, _tagLength));
            output.Write("\")"u8);
            if (uid)
            {
                output.Write(" UID"u8);
            }

            if (_results.Count > 0 && (returns & SearchReturn.Min) != 0)
            {
                output.Write(" MIN "u8);
                output.WriteNumber((long)_results[0]);
            }

            if (_results.Count > 0 && (returns & SearchReturn.Max) != 0)
            {
                output.Write(" MAX "u8);
                output.WriteNumber((long)_results[^1]);
            }

            if ((returns & SearchReturn.Count) != 0)
            {
                output.Write(" COUNT "u8);
                output.WriteNumber(_results.Count);
            }

            if (_results.Count > 0 && (returns & SearchReturn.All) != 0)
            {
                output.Write(" ALL "u8);
                output.WriteUidSet(_results);
            }

            output.WriteCrlf();
        }

        await ReportUpdatesAsync(uid);
        WriteOk(uid ? "UID SEARCH completed" : "SEARCH completed");
    }

    private bool EvaluateSearch(int keysOffset, MessageInfo message, int sequence, Messages.ImapMessage? parsed)
    {
        _search.StartMessage(message, sequence, parsed);
        var reader = new ImapReader(_command.Sequence.Slice(keysOffset));
        return SearchProgram.TryEvaluateAll(ref reader, _search, out var matches) && matches;
    }

    private static bool TryReadSearchReturn(ref ImapReader reader, out SearchReturn returns)
    {
        returns = SearchReturn.None;
        if (!reader.TryConsume((byte)'('))
        {
            return false;
        }

        var first = true;
        while (!reader.TryConsume((byte)')'))
        {
            if (!first && !reader.TryReadSpace() || !reader.TryReadAtom(out var option))
            {
                return false;
            }

            first = false;
            returns |= option switch
            {
                _ when Ascii.EqualsIgnoreCase(option, "MIN"u8) => SearchReturn.Min,
                _ when Ascii.EqualsIgnoreCase(option, "MAX"u8) => SearchReturn.Max,
                _ when Ascii.EqualsIgnoreCase(option, "COUNT"u8) => SearchReturn.Count,
                _ when Ascii.EqualsIgnoreCase(option, "ALL"u8) => SearchReturn.All,
                _ when Ascii.EqualsIgnoreCase(option, "SAVE"u8) => SearchReturn.Save,
                _ => (SearchReturn)(-1),
            };
            if ((int)returns < 0)
            {
                return false;
            }
        }

        if (returns == SearchReturn.None)
        {
            returns = SearchReturn.All;
        }

        return true;
    }
}
