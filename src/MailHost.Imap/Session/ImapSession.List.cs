using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

internal sealed partial class ImapSession
{
    private async ValueTask ListAsync(bool lsub)
    {
        var options = ListOptions.None;
        var statusItems = StatusItems.None;
        string reference;
        var patterns = new List<string>(1);
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace())
            {
                WriteBad("Invalid arguments");
                return;
            }

            if (!lsub && reader.IsNext((byte)'('))
            {
                if (!TryReadListSelection(ref reader, ref options) || !reader.TryReadSpace())
                {
                    WriteBad("Invalid LIST selection options");
                    return;
                }
            }

            if (!reader.TryReadAString(out var referenceValue) || !reader.TryReadSpace())
            {
                WriteBad("Invalid arguments");
                return;
            }

            reference = referenceValue.Decode();
            if (!lsub && reader.TryConsume((byte)'('))
            {
                while (!reader.TryConsume((byte)')'))
                {
                    if (patterns.Count > 0 && !reader.TryReadSpace())
                    {
                        WriteBad("Invalid arguments");
                        return;
                    }

                    if (!reader.TryReadListMailbox(out var pattern) || patterns.Count > 32)
                    {
                        WriteBad("Invalid arguments");
                        return;
                    }

                    patterns.Add(pattern.Decode());
                }
            }
            else if (reader.TryReadListMailbox(out var single))
            {
                patterns.Add(single.Decode());
            }
            else
            {
                WriteBad("Invalid arguments");
                return;
            }

            if (!lsub && reader.TryReadSpace())
            {
                if (!reader.TryReadAtom(out var returnWord) || !System.Text.Ascii.EqualsIgnoreCase(returnWord, "RETURN"u8) || !reader.TryReadSpace() ||
                    !TryReadListReturn(ref reader, _rev2, ref options, ref statusItems))
                {
                    WriteBad("Invalid LIST return options");
                    return;
                }
            }

            if (!reader.TryReadLineEnd())
            {
                WriteBad("Invalid arguments");
                return;
            }
        }

        if ((options & ListOptions.RecursiveMatch) != 0 && (options & ListOptions.SelectSubscribed) == 0)
        {
            // RFC 5258 §3.1: RECURSIVEMATCH needs a base option to recurse on; REMOTE and SPECIAL-USE (RFC 6154 §6) are not base options.
            WriteBad("RECURSIVEMATCH needs the SUBSCRIBED selection option");
            return;
        }

        var mailboxes = await _account!.ListMailboxesAsync(_aborted);
        var combined = new List<string>(patterns.Count);
        foreach (var wirePattern in patterns)
        {
            if (wirePattern.Length == 0 && reference.Length == 0)
            {
                // Hierarchy delimiter discovery.
                Output.Write(lsub ? "* LSUB (\\Noselect) \"/\" \"\"\r\n"u8 : "* LIST (\\Noselect) \"/\" \"\"\r\n"u8);
                continue;
            }

            var pattern = reference.Length > 0 && !wirePattern.StartsWith('/') ? reference + wirePattern : wirePattern;
            if (!Utf8Names && MailboxNames.TryDecodeModifiedUtf7(pattern, out var decoded))
            {
                pattern = decoded;
            }

            combined.Add(pattern);
        }

        if (combined.Count > 0)
        {
            foreach (var entry in MailboxListing.Select(mailboxes, combined, lsub, options))
            {
                WriteListLine(entry.Mailbox, lsub, options, entry.NoselectForLsub, entry.ChildInfo);
                if ((options & ListOptions.ReturnStatus) != 0 && entry.Selected && !entry.Mailbox.NoSelect)
                {
                    var status = await _account.GetStatusAsync(entry.Mailbox.Name, _aborted);
                    if (status.Status == StoreStatus.Ok && status.MailboxStatus is { } counters)
                    {
                        WriteStatus(entry.Mailbox.Name, counters, statusItems);
                    }
                }
            }
        }

        await ReportUpdatesAsync();
        WriteOk(lsub ? "LSUB completed" : "LIST completed");
    }

    private void WriteListLine(MailboxInfo mailbox, bool lsub, ListOptions options, bool noselectForLsub, bool childInfo)
    {
        var output = Output;
        output.Write(lsub ? "* LSUB ("u8 : "* LIST ("u8);
        var first = true;
        void Attribute(ReadOnlySpan<byte> name, ref bool isFirst)
        {
            if (!isFirst)
            {
                Output.WriteByte((byte)' ');
            }

            Output.Write(name);
            isFirst = false;
        }

        // One of \NonExistent and \Noselect at most: both are mbx-list-sflag in RFC 9051 §9, and \NonExistent implies \Noselect.
        if (mailbox.NonExistent && !lsub)
        {
            Attribute("\\NonExistent"u8, ref first);
        }
        else if (mailbox.NoSelect || noselectForLsub)
        {
            Attribute("\\Noselect"u8, ref first);
        }

        if (!lsub)
        {
            Attribute(mailbox.HasChildren ? "\\HasChildren"u8 : "\\HasNoChildren"u8, ref first);
            if ((options & ListOptions.ReturnSubscribed) != 0 && mailbox.Subscribed)
            {
                Attribute("\\Subscribed"u8, ref first);
            }
        }

        var use = mailbox.SpecialUse;
        if ((use & MailboxSpecialUse.All) != 0)
        {
            Attribute("\\All"u8, ref first);
        }

        if ((use & MailboxSpecialUse.Archive) != 0)
        {
            Attribute("\\Archive"u8, ref first);
        }

        if ((use & MailboxSpecialUse.Drafts) != 0)
        {
            Attribute("\\Drafts"u8, ref first);
        }

        if ((use & MailboxSpecialUse.Flagged) != 0)
        {
            Attribute("\\Flagged"u8, ref first);
        }

        if ((use & MailboxSpecialUse.Junk) != 0)
        {
            Attribute("\\Junk"u8, ref first);
        }

        if ((use & MailboxSpecialUse.Sent) != 0)
        {
            Attribute("\\Sent"u8, ref first);
        }

        if ((use & MailboxSpecialUse.Trash) != 0)
        {
            Attribute("\\Trash"u8, ref first);
        }

        output.Write(") \"/\" "u8);
        WriteMailboxName(mailbox.Name);
        if (childInfo)
        {
            // RFC 5258 §3.5: the selection criteria a descendant met; SUBSCRIBED is our only base option.
            output.Write(" (\"CHILDINFO\" (\"SUBSCRIBED\"))"u8);
        }

        output.WriteCrlf();
    }

    private static bool TryReadListSelection(ref ImapReader reader, ref ListOptions options)
    {
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
            if (System.Text.Ascii.EqualsIgnoreCase(option, "SUBSCRIBED"u8))
            {
                options |= ListOptions.SelectSubscribed | ListOptions.ReturnSubscribed;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(option, "SPECIAL-USE"u8))
            {
                options |= ListOptions.SelectSpecialUse | ListOptions.ReturnSpecialUse;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(option, "RECURSIVEMATCH"u8))
            {
                options |= ListOptions.RecursiveMatch;
            }
            else if (!System.Text.Ascii.EqualsIgnoreCase(option, "REMOTE"u8))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadListReturn(ref ImapReader reader, bool imap4rev2, ref ListOptions options, ref StatusItems statusItems)
    {
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
            if (System.Text.Ascii.EqualsIgnoreCase(option, "SUBSCRIBED"u8))
            {
                options |= ListOptions.ReturnSubscribed;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(option, "CHILDREN"u8))
            {
                options |= ListOptions.ReturnChildren;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(option, "SPECIAL-USE"u8))
            {
                options |= ListOptions.ReturnSpecialUse;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(option, "STATUS"u8))
            {
                if (!reader.TryReadSpace() || !TryReadStatusItems(ref reader, imap4rev2, out statusItems))
                {
                    return false;
                }

                options |= ListOptions.ReturnStatus;
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
