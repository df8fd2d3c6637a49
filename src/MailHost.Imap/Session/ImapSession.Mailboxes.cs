using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

internal sealed partial class ImapSession
{
    private readonly List<string> _announcedKeywords = [];

    private bool TryReadMailbox(ref ImapReader reader, out MailboxArgument mailbox)
    {
        mailbox = default;
        if (!reader.TryReadAString(out var value))
        {
            return false;
        }

        if (!value.IsCleanUtf8)
        {
            mailbox = new MailboxArgument(null);
            return true;
        }

        var wire = value.Decode();
        if (wire.Length > 1 && wire[^1] == MailboxNames.Separator)
        {
            wire = wire[..^1];
        }

        mailbox = new MailboxArgument(MailboxNames.TryDecode(wire, Utf8Names, out var name) ? name : null);
        return true;
    }

    private void WriteMailboxName(string name) => Output.WriteAString(MailboxNames.Encode(name, Utf8Names), Utf8Names);

    private async ValueTask SelectAsync(bool readOnly)
    {
        MailboxArgument mailbox;
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace() || !TryReadMailbox(ref reader, out mailbox))
            {
                WriteBad("Invalid arguments");
                return;
            }

            // Optional select parameters (CONDSTORE etc.) are not advertised; tolerate an empty list only.
            if (reader.TryReadSpace() && !reader.TrySkipList() || !reader.TryReadLineEnd())
            {
                WriteBad("Invalid arguments");
                return;
            }
        }

        if (_selected is not null)
        {
            await _selected.DisposeAsync();
            _selected = null;
            _selectionGone = false;
            _state = SessionState.Authenticated;
            WriteClosed("* OK [CLOSED] Previous mailbox closed\r\n"u8);
        }

        if (mailbox.Name is not { } name)
        {
            WriteNo("CANNOT", "Invalid mailbox name");
            return;
        }

        var opened = await _account!.OpenMailboxAsync(name, readOnly, _aborted);
        if (opened.Status != StoreStatus.Ok || opened.Session is null)
        {
            WriteStoreFailure(opened.Status);
            return;
        }

        var selected = new SelectedMailbox(opened.Session, name, readOnly, _messageCache, _account.Domain + "/" + _account.LocalPart + "/" + name);
        _selected = selected;
        _state = SessionState.Selected;
        var session = selected.Session;
        WriteFlagsAndPermanentFlags(selected);
        var output = Output;
        WriteExists(selected);
        if (!_rev2)
        {
            var messages = selected.Messages;
            for (var i = 0; i < messages.Count; i++)
            {
                if ((messages[i].Flags & MessageFlags.Seen) == 0)
                {
                    output.Write("* OK [UNSEEN "u8);
                    output.WriteNumber(i + 1);
                    output.Write("] First unseen\r\n"u8);
                    break;
                }
            }
        }

        output.Write("* OK [UIDVALIDITY "u8);
        output.WriteNumber((long)session.UidValidity);
        output.Write("] UIDs valid\r\n* OK [UIDNEXT "u8);
        output.WriteNumber((long)session.UidNext);
        output.Write("] Predicted next UID\r\n"u8);
        if (_rev2)
        {
            output.Write("* LIST () \"/\" "u8);
            WriteMailboxName(name);
            output.WriteCrlf();
        }

        WriteOk((readOnly ? "EXAMINE" : "SELECT") + " completed", selected.IsReadOnly ? "READ-ONLY" : "READ-WRITE");
    }

    /// <summary>FLAGS and PERMANENTFLAGS of the selected mailbox; remembers the keywords announced, see <see cref="AnnounceNewKeywords"/>.</summary>
    private void WriteFlagsAndPermanentFlags(SelectedMailbox selected)
    {
        var session = selected.Session;
        var output = Output;
        output.Write("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft"u8);
        foreach (var keyword in session.Keywords)
        {
            output.WriteByte((byte)' ');
            output.WriteAscii(keyword);
        }

        output.Write(")\r\n* OK [PERMANENTFLAGS ("u8);
        if (!selected.IsReadOnly)
        {
            output.Write("\\Answered \\Flagged \\Deleted \\Seen \\Draft"u8);
            foreach (var keyword in session.Keywords)
            {
                output.WriteByte((byte)' ');
                output.WriteAscii(keyword);
            }

            // A full folder (Maildir: 26 keyword letters) cannot create another keyword (RFC 9051 §7.1, PERMANENTFLAGS).
            if (session.CanCreateKeywords)
            {
                output.Write(" \\*"u8);
            }
        }

        output.Write(")] Flags permitted\r\n"u8);
        _announcedKeywords.Clear();
        _announcedKeywords.AddRange(session.Keywords);
    }

    /// <summary>
    /// A keyword defined since SELECT (by this or another session) is announced with new FLAGS and PERMANENTFLAGS (RFC 9051 §7.3.5),
    /// before any FETCH that shows it; PERMANENTFLAGS then also drops <c>\*</c> if that filled the folder.
    /// </summary>
    private void AnnounceNewKeywords()
    {
        if (_selected is not { } selected)
        {
            return;
        }

        // Runs after every command with a mailbox selected: compare by index, no enumerator to allocate.
        var keywords = selected.Session.Keywords;
        var same = keywords.Count == _announcedKeywords.Count;
        for (var i = 0; same && i < keywords.Count; i++)
        {
            same = string.Equals(keywords[i], _announcedKeywords[i], StringComparison.Ordinal);
        }

        if (!same)
        {
            WriteFlagsAndPermanentFlags(selected);
        }
    }

    /// <summary>
    /// The CLOSED response code (RFC 9051 §7.1) belongs to IMAP4rev2 and to QRESYNC (RFC 7162 §3.2.11), which we do not offer:
    /// a rev1 client was never promised it, so it is not sent to one.
    /// </summary>
    private void WriteClosed(ReadOnlySpan<byte> line)
    {
        if (_rev2)
        {
            Output.Write(line);
        }
    }

    private async ValueTask CloseAsync(bool expunge)
    {
        if (!ExpectEnd())
        {
            return;
        }

        var selected = _selected!;
        if (expunge && !selected.IsReadOnly)
        {
            // CLOSE expunges silently (RFC 9051 §6.4.1); a lock failure still closes the mailbox.
            await selected.Session.ExpungeAsync(null, _aborted);
        }

        await selected.DisposeAsync();
        _selected = null;
        _selectionGone = false;
        _state = SessionState.Authenticated;
        WriteOk(expunge ? "CLOSE completed" : "UNSELECT completed");
    }

    private async ValueTask CreateAsync()
    {
        MailboxArgument mailbox;
        var specialUse = MailboxSpecialUse.None;
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace() || !TryReadMailbox(ref reader, out mailbox))
            {
                WriteBad("Invalid arguments");
                return;
            }

            if (reader.TryReadSpace())
            {
                // CREATE-SPECIAL-USE: (USE (\Sent ...))
                if (!reader.TryConsume((byte)'(') || !reader.TryReadAtom(out var use) || !System.Text.Ascii.EqualsIgnoreCase(use, "USE"u8) ||
                    !reader.TryReadSpace() || !reader.TryConsume((byte)'('))
                {
                    WriteBad("Invalid CREATE parameters");
                    return;
                }

                while (!reader.TryConsume((byte)')'))
                {
                    reader.TryReadSpace();
                    if (!reader.TryReadFlag(out var flag))
                    {
                        WriteBad("Invalid CREATE parameters");
                        return;
                    }

                    var parsed = SpecialUseFromName(flag);
                    if (parsed == MailboxSpecialUse.None)
                    {
                        WriteNo("USEATTR", "Unsupported special-use attribute");
                        return;
                    }

                    specialUse |= parsed;
                }

                if (!reader.TryConsume((byte)')'))
                {
                    WriteBad("Invalid CREATE parameters");
                    return;
                }
            }

            if (!reader.TryReadLineEnd())
            {
                WriteBad("Invalid arguments");
                return;
            }
        }

        if (mailbox.Name is not { } name)
        {
            WriteNo("CANNOT", "Invalid mailbox name");
            return;
        }

        if (name == "INBOX")
        {
            WriteNo("ALREADYEXISTS", "Mailbox already exists");
            return;
        }

        var result = await _account!.CreateMailboxAsync(name, specialUse, _aborted);
        await FinishSimpleAsync(result, "CREATE completed");
    }

    private async ValueTask FinishSimpleAsync(StoreResult result, string okText)
    {
        await ReportUpdatesAsync();
        if (result.IsOk)
        {
            WriteOk(okText);
        }
        else
        {
            WriteStoreFailure(result.Status);
        }
    }

    private async ValueTask DeleteAsync()
    {
        if (!TryReadSingleMailbox(out var mailbox))
        {
            return;
        }

        if (mailbox.Name is not { } name)
        {
            WriteNo("CANNOT", "Invalid mailbox name");
            return;
        }

        if (name == "INBOX")
        {
            WriteNo("CANNOT", "INBOX cannot be deleted");
            return;
        }

        if (_selected is not null && _selected.Name == name)
        {
            await _selected.DisposeAsync();
            _selected = null;
            _selectionGone = false;
            _state = SessionState.Authenticated;
            WriteClosed("* OK [CLOSED] Mailbox deleted\r\n"u8);
        }

        var result = await _account!.DeleteMailboxAsync(name, _aborted);
        if (result.Status == StoreStatus.NonExistent && await IsImpliedParentAsync(name))
        {
            // RFC 9051 §6.3.5: deleting a \Noselect name with inferiors is an error; §7.1 names the reason HASCHILDREN.
            await ReportUpdatesAsync();
            WriteNo("HASCHILDREN", "Not a mailbox, only the parent of others");
            return;
        }

        await FinishSimpleAsync(result, "DELETE completed");
    }

    private async ValueTask<bool> IsImpliedParentAsync(string name)
    {
        foreach (var mailbox in await _account!.ListMailboxesAsync(_aborted))
        {
            if (mailbox.NoSelect && !mailbox.NonExistent && mailbox.HasChildren && mailbox.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private bool TryReadSingleMailbox(out MailboxArgument mailbox)
    {
        var reader = ArgumentReader();
        if (!reader.TryReadSpace() || !TryReadMailbox(ref reader, out mailbox) || !reader.TryReadLineEnd())
        {
            mailbox = default;
            WriteBad("Invalid arguments");
            return false;
        }

        return true;
    }

    private async ValueTask RenameAsync()
    {
        MailboxArgument from, to;
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace() || !TryReadMailbox(ref reader, out from) || !reader.TryReadSpace() || !TryReadMailbox(ref reader, out to) ||
                !reader.TryReadLineEnd())
            {
                WriteBad("Invalid arguments");
                return;
            }
        }

        if (from.Name is not { } oldName || to.Name is not { } newName)
        {
            WriteNo("CANNOT", "Invalid mailbox name");
            return;
        }

        if (newName == "INBOX")
        {
            WriteNo("ALREADYEXISTS", "Mailbox already exists");
            return;
        }

        await FinishSimpleAsync(await _account!.RenameMailboxAsync(oldName, newName, _aborted), "RENAME completed");
    }

    private async ValueTask SubscribeAsync(bool subscribe)
    {
        if (!TryReadSingleMailbox(out var mailbox))
        {
            return;
        }

        if (mailbox.Name is not { } name)
        {
            WriteNo("CANNOT", "Invalid mailbox name");
            return;
        }

        var result = await _account!.SetSubscribedAsync(name, subscribe, _aborted);
        await FinishSimpleAsync(result, subscribe ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed");
    }

    private async ValueTask StatusAsync()
    {
        MailboxArgument mailbox;
        StatusItems items;
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace() || !TryReadMailbox(ref reader, out mailbox) || !reader.TryReadSpace() ||
                !TryReadStatusItems(ref reader, _rev2, out items) || !reader.TryReadLineEnd())
            {
                WriteBad("Invalid arguments");
                return;
            }
        }

        if (mailbox.Name is not { } name)
        {
            WriteNo("CANNOT", "Invalid mailbox name");
            return;
        }

        var result = await _account!.GetStatusAsync(name, _aborted);
        if (result.Status != StoreStatus.Ok || result.MailboxStatus is null)
        {
            WriteStoreFailure(result.Status);
            return;
        }

        WriteStatus(name, result.MailboxStatus, items);
        await ReportUpdatesAsync();
        WriteOk("STATUS completed");
    }

    private static bool TryReadStatusItems(ref ImapReader reader, bool imap4rev2, out StatusItems items)
    {
        items = StatusItems.None;
        if (!reader.TryConsume((byte)'('))
        {
            return false;
        }

        while (!reader.TryConsume((byte)')'))
        {
            if (items != StatusItems.None && !reader.TryReadSpace())
            {
                return false;
            }

            if (!reader.TryReadAtom(out var item))
            {
                return false;
            }

            var parsed = StatusItemsParser.Parse(item, imap4rev2);
            if (parsed == StatusItems.None)
            {
                return false;
            }

            items |= parsed;
        }

        return items != StatusItems.None;
    }

    private void WriteStatus(string name, MailboxStatus status, StatusItems items)
    {
        var output = Output;
        output.Write("* STATUS "u8);
        WriteMailboxName(name);
        output.Write(" ("u8);
        var first = true;
        void Item(ReadOnlySpan<byte> label, long value, ref bool isFirst)
        {
            if (!isFirst)
            {
                Output.WriteByte((byte)' ');
            }

            Output.Write(label);
            Output.WriteNumber(value);
            isFirst = false;
        }

        if ((items & StatusItems.Messages) != 0)
        {
            Item("MESSAGES "u8, status.Messages, ref first);
        }

        if ((items & StatusItems.Recent) != 0)
        {
            Item("RECENT "u8, status.Recent, ref first);
        }

        if ((items & StatusItems.UidNext) != 0)
        {
            Item("UIDNEXT "u8, status.UidNext, ref first);
        }

        if ((items & StatusItems.UidValidity) != 0)
        {
            Item("UIDVALIDITY "u8, status.UidValidity, ref first);
        }

        if ((items & StatusItems.Unseen) != 0)
        {
            Item("UNSEEN "u8, status.Unseen, ref first);
        }

        if ((items & StatusItems.Deleted) != 0)
        {
            Item("DELETED "u8, status.Deleted, ref first);
        }

        if ((items & StatusItems.Size) != 0)
        {
            Item("SIZE "u8, status.Size, ref first);
        }

        output.Write(")\r\n"u8);
    }

    private static MailboxSpecialUse SpecialUseFromName(ReadOnlySpan<byte> flag)
    {
        if (flag.Length < 2 || flag[0] != (byte)'\\')
        {
            return MailboxSpecialUse.None;
        }

        var name = flag[1..];
        return name switch
        {
            _ when System.Text.Ascii.EqualsIgnoreCase(name, "All"u8) => MailboxSpecialUse.All,
            _ when System.Text.Ascii.EqualsIgnoreCase(name, "Archive"u8) => MailboxSpecialUse.Archive,
            _ when System.Text.Ascii.EqualsIgnoreCase(name, "Drafts"u8) => MailboxSpecialUse.Drafts,
            _ when System.Text.Ascii.EqualsIgnoreCase(name, "Flagged"u8) => MailboxSpecialUse.Flagged,
            _ when System.Text.Ascii.EqualsIgnoreCase(name, "Junk"u8) => MailboxSpecialUse.Junk,
            _ when System.Text.Ascii.EqualsIgnoreCase(name, "Sent"u8) => MailboxSpecialUse.Sent,
            _ when System.Text.Ascii.EqualsIgnoreCase(name, "Trash"u8) => MailboxSpecialUse.Trash,
            _ => MailboxSpecialUse.None,
        };
    }
}
