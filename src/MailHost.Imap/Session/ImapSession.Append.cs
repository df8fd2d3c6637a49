using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

internal sealed partial class ImapSession
{
    /// <summary>
    /// APPEND / MULTIAPPEND (RFC 3502): each literal's size is checked before "+", its bytes stream straight into the store's
    /// tmp/ file, and all messages commit together after the final CRLF.
    /// </summary>
    private async ValueTask<bool> AppendAsync()
    {
        // A mailbox name sent as a literal arrives before the message literal: gather it like any small literal.
        while (AppendMailboxIsPendingLiteral() && PendingLiteral.AtLineEnd(_command.Span) is { } nameLiteral)
        {
            if (nameLiteral.Length > MailboxNames.MaxLength * 4)
            {
                return await RefuseLiteralAsync(nameLiteral);
            }

            if (!nameLiteral.NonSynchronizing)
            {
                Output.Write("+ Ready for additional command text\r\n"u8);
                if (!await FlushAsync())
                {
                    return false;
                }
            }

            if (await _input.ReadExactAsync(nameLiteral.Length, null, _command, _aborted) != ReadStatus.Ok ||
                await _input.ReadLineAsync(_command, _aborted) != ReadStatus.Ok)
            {
                return false;
            }
        }

        MailboxArgument mailbox;
        AppendHeader? header;
        var keywords = new List<string>();
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace() || !TryReadMailbox(ref reader, out mailbox) || !reader.TryReadSpace())
            {
                return await FailAppendAsync(PendingLiteral.AtLineEnd(_command.Span), null, null, "Invalid APPEND arguments");
            }

            header = AppendParser.TryReadHeader(ref reader, keywords);
        }

        var first = PendingLiteral.AtLineEnd(_command.Span);
        if (header is null)
        {
            return await FailAppendAsync(first, null, null, "Invalid APPEND arguments");
        }

        if (!ImapCommands.IsAllowed(ImapCommand.Append, _state))
        {
            return await FailAppendAsync(first, null, null, "Command not valid in this state");
        }

        if (mailbox.Name is not { } name)
        {
            return await FailAppendAsync(first, "CANNOT", null, "Invalid mailbox name");
        }

        var items = new List<AppendItem>();
        try
        {
            while (true)
            {
                var literal = new PendingLiteral(header.Value.Length, header.Value.NonSynchronizing);
                if (header.Value.Length > _options.AppendLimit)
                {
                    return await FailAppendAsync(literal, "TOOBIG", null, "Message too large");
                }

                var staged = await _account!.StageAppendAsync(name, _aborted);
                if (staged.Status != StoreStatus.Ok || staged.Message is null)
                {
                    return await FailAppendAsync(literal, null, staged.Status, null);
                }

                items.Add(new AppendItem(staged.Message, header.Value.Flags, header.Value.Keywords, header.Value.InternalDate));
                if (!header.Value.NonSynchronizing)
                {
                    Output.Write("+ Ready for literal data\r\n"u8);
                    if (!await FlushAsync())
                    {
                        return false;
                    }
                }

                var status = await _input.ReadExactAsync(header.Value.Length, staged.Message.Content, null, _aborted);
                if (status == ReadStatus.Ok)
                {
                    await staged.Message.Content.FlushAsync(_aborted);
                    _command.Clear();
                    status = await _input.ReadLineAsync(_command, _aborted);
                }

                if (status == ReadStatus.Canceled)
                {
                    await SayGoodbyeAsync();
                    return false;
                }

                if (status == ReadStatus.Closed)
                {
                    return false;
                }

                if (status == ReadStatus.TooLong)
                {
                    WriteBad("Line too long");
                    return true;
                }

                var reader = new ImapReader(_command.Sequence);
                if (header.Value.Utf8Wrapped && !reader.TryConsume((byte)')'))
                {
                    return await FailAppendAsync(PendingLiteral.AtLineEnd(_command.Span), null, null, "Invalid APPEND arguments");
                }

                if (reader.TryReadLineEnd() && reader.End)
                {
                    break;
                }

                keywords = [];
                header = reader.TryReadSpace() ? AppendParser.TryReadHeader(ref reader, keywords) : null;
                if (header is null)
                {
                    return await FailAppendAsync(PendingLiteral.AtLineEnd(_command.Span), null, null, "Invalid MULTIAPPEND arguments");
                }
            }

            var result = await _account!.CommitAppendAsync(name, items, requireUids: _rev2, _aborted);
            await ReportUpdatesAsync();
            if (result.Status != StoreStatus.Ok)
            {
                WriteStoreFailure(result.Status, tryCreate: true);
                return true;
            }

            if (result.Uids.Count == 0)
            {
                WriteOk("APPEND completed");
                return true;
            }

            var output = Output;
            output.Write(_tag.AsSpan(0, _tagLength));
            output.Write(" OK [APPENDUID "u8);
            output.WriteNumber((long)result.UidValidity);
            output.WriteByte((byte)' ');
            output.WriteUidSet(result.Uids);
            output.Write("] APPEND completed\r\n"u8);
            _badCount = 0;
            return true;
        }
        finally
        {
            // Committed files are no longer staged; anything else is deleted here (abrupt disconnect included).
            foreach (var item in items)
            {
                await item.Message.DisposeAsync();
            }
        }
    }

    private bool AppendMailboxIsPendingLiteral()
    {
        var reader = ArgumentReader();
        return reader.TryReadSpace() && (reader.IsNext((byte)'{') || reader.IsNext((byte)'~')) && !reader.TryReadAString(out _);
    }

    /// <summary>Ends an APPEND before or between messages: a pending non-synchronising literal is drained (bounded) first.</summary>
    private async ValueTask<bool> FailAppendAsync(PendingLiteral? literal, string? code, StoreStatus? status, string? text)
    {
        if (literal is { NonSynchronizing: true } pending)
        {
            if (pending.Length > _options.MaxLiteralDiscard)
            {
                Output.Write("* BYE [TOOBIG] Literal too large\r\n"u8);
                await FlushAsync();
                ImapLog.SessionClosed(_logger, _remote, "oversized non-synchronising literal");
                return false;
            }

            if (await _input.ReadExactAsync(pending.Length, null, null, _aborted) != ReadStatus.Ok)
            {
                return false;
            }

            while (true)
            {
                _command.Clear();
                var read = await _input.ReadLineAsync(_command, _aborted);
                if (read is ReadStatus.Closed or ReadStatus.Canceled)
                {
                    return false;
                }

                if (read == ReadStatus.TooLong || PendingLiteral.AtLineEnd(_command.Span) is not { NonSynchronizing: true } next ||
                    next.Length > _options.MaxLiteralDiscard)
                {
                    break;
                }

                if (await _input.ReadExactAsync(next.Length, null, null, _aborted) != ReadStatus.Ok)
                {
                    return false;
                }
            }
        }

        if (status is { } storeStatus)
        {
            WriteStoreFailure(storeStatus, tryCreate: true);
        }
        else if (code is not null)
        {
            WriteNo(code, text ?? "Failed");
        }
        else
        {
            WriteBad(text ?? "Invalid arguments");
        }

        return true;
    }
}
