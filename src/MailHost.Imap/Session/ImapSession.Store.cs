using System.Text;
using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

internal sealed partial class ImapSession
{
    private readonly List<uint> _uids = [];
    private readonly List<string> _keywords = [];

    private void CollectUids()
    {
        _uids.Clear();
        var messages = _selected!.Messages;
        foreach (var index in _indices)
        {
            _uids.Add(messages[index].Uid);
        }
    }

    private async ValueTask StoreAsync(bool uid)
    {
        FlagChangeMode mode;
        bool silent;
        MessageFlags flags;
        {
            var reader = ArgumentReader();
            if (!TryReadSetArgument(ref reader, uid) || !reader.TryReadSpace() || !TryReadStoreAction(ref reader, out mode, out silent) ||
                !reader.TryReadSpace() || !FlagParser.TryReadFlags(ref reader, allowBare: true, out flags, _keywords) || !reader.TryReadLineEnd())
            {
                WriteBad("Invalid STORE arguments");
                return;
            }
        }

        var selected = _selected!;
        if (selected.IsReadOnly)
        {
            WriteNo("READ-ONLY", "Mailbox is read-only");
            return;
        }

        CollectUids();
        var vanished = false;
        if (_uids.Count > 0)
        {
            var result = await selected.Session.StoreFlagsAsync(_uids, mode, flags, [.. _keywords], null, _aborted);
            if (result.Status != StoreStatus.Ok)
            {
                WriteStoreFailure(result.Status);
                return;
            }

            AnnounceNewKeywords();
            if (!silent)
            {
                foreach (var storedUid in _uids)
                {
                    var index = selected.IndexOfUid(storedUid);
                    if (index >= 0 && !result.Vanished.Contains(storedUid))
                    {
                        WriteFlagsFetch(index, uid);
                    }
                }
            }

            vanished = result.Vanished.Count > 0;
        }

        await ReportUpdatesAsync(uid);
        if (vanished)
        {
            // A file removed underneath (another process): the rest was stored; an OK would claim this one was too (RFC 2180
            // §4.2.1 lets the server answer NO, RFC 5530 names it). The next NOOP reports the EXPUNGE.
            WriteNo("EXPUNGEISSUED", "Some of the requested messages no longer exist");
            return;
        }

        WriteOk(uid ? "UID STORE completed" : "STORE completed");
    }

    private static bool TryReadStoreAction(ref ImapReader reader, out FlagChangeMode mode, out bool silent)
    {
        mode = FlagChangeMode.Replace;
        silent = false;
        if (reader.TryConsume((byte)'+'))
        {
            mode = FlagChangeMode.Add;
        }
        else if (reader.TryConsume((byte)'-'))
        {
            mode = FlagChangeMode.Remove;
        }

        if (!reader.TryReadAtom(out var name))
        {
            return false;
        }

        if (Ascii.EqualsIgnoreCase(name, "FLAGS.SILENT"u8))
        {
            silent = true;
            return true;
        }

        return Ascii.EqualsIgnoreCase(name, "FLAGS"u8);
    }

    private async ValueTask CopyAsync(bool uid, bool move)
    {
        MailboxArgument destination;
        {
            var reader = ArgumentReader();
            if (!TryReadSetArgument(ref reader, uid) || !reader.TryReadSpace() || !TryReadMailbox(ref reader, out destination) || !reader.TryReadLineEnd())
            {
                WriteBad(move ? "Invalid MOVE arguments" : "Invalid COPY arguments");
                return;
            }
        }

        if (destination.Name is not { } name)
        {
            WriteNo("CANNOT", "Invalid mailbox name");
            return;
        }

        var selected = _selected!;
        if (move && selected.IsReadOnly)
        {
            WriteNo("READ-ONLY", "Mailbox is read-only");
            return;
        }

        CollectUids();
        if (_uids.Count == 0)
        {
            await ReportUpdatesAsync(uid);
            WriteOk(move ? "MOVE completed" : "COPY completed");
            return;
        }

        var result = await selected.Session.CopyAsync(_uids, name, move, _aborted);
        if (result.Status != StoreStatus.Ok)
        {
            WriteStoreFailure(result.Status, tryCreate: true);
            return;
        }

        // Fewer sources than asked for: files removed underneath the session (RFC 2180 §4.4). The others are copied; say so with
        // an untagged COPYUID and end with NO [EXPUNGEISSUED] (as Dovecot does), never an OK that claims every message was copied.
        var gone = result.SourceUids.Count < _uids.Count;
        var output = Output;
        if (move)
        {
            if (result.DestinationUids.Count > 0)
            {
                output.Write("* OK [COPYUID "u8);
                WriteCopyUid(result);
                output.Write("] Moved\r\n"u8);
            }

            foreach (var sourceUid in result.SourceUids)
            {
                var sequence = selected.ForgetKnown(sourceUid);
                if (sequence > 0)
                {
                    output.Write("* "u8);
                    output.WriteNumber(sequence);
                    output.Write(" EXPUNGE\r\n"u8);
                }
            }

            await ReportUpdatesAsync(uid);
            if (gone)
            {
                WriteNo("EXPUNGEISSUED", "Some of the requested messages no longer exist");
                return;
            }

            WriteOk("MOVE completed");
            return;
        }

        await ReportUpdatesAsync(uid);
        if (gone)
        {
            if (result.DestinationUids.Count > 0)
            {
                output.Write("* OK [COPYUID "u8);
                WriteCopyUid(result);
                output.Write("] Copied\r\n"u8);
            }

            WriteNo("EXPUNGEISSUED", "Some of the requested messages no longer exist");
            return;
        }

        if (result.DestinationUids.Count == 0)
        {
            WriteOk("COPY completed");
            return;
        }

        output.Write(_tag.AsSpan(0, _tagLength));
        output.Write(" OK [COPYUID "u8);
        WriteCopyUid(result);
        output.Write("] COPY completed\r\n"u8);
        _badCount = 0;
    }

    private void WriteCopyUid(CopyResult result)
    {
        var output = Output;
        output.WriteNumber((long)result.DestinationUidValidity);
        output.WriteByte((byte)' ');
        output.WriteUidSet(result.SourceUids);
        output.WriteByte((byte)' ');
        output.WriteUidSet(result.DestinationUids);
    }

    private async ValueTask ExpungeAsync(bool uid)
    {
        {
            var reader = ArgumentReader();
            if (uid)
            {
                if (!TryReadSetArgument(ref reader, uid: true) || !reader.TryReadLineEnd())
                {
                    WriteBad("Invalid UID EXPUNGE arguments");
                    return;
                }
            }
            else if (!reader.TryReadLineEnd() || !reader.End)
            {
                WriteBad("Unexpected arguments");
                return;
            }
        }

        var selected = _selected!;
        if (selected.IsReadOnly)
        {
            WriteNo("READ-ONLY", "Mailbox is read-only");
            return;
        }

        if (uid)
        {
            CollectUids();
        }

        var result = await selected.Session.ExpungeAsync(uid ? _uids : null, _aborted);
        if (result.Status != StoreStatus.Ok)
        {
            WriteStoreFailure(result.Status);
            return;
        }

        var output = Output;
        foreach (var expunged in result.ExpungedUids)
        {
            var sequence = selected.ForgetKnown(expunged);
            if (sequence > 0)
            {
                output.Write("* "u8);
                output.WriteNumber(sequence);
                output.Write(" EXPUNGE\r\n"u8);
            }
        }

        await ReportUpdatesAsync(uid);
        WriteOk(uid ? "UID EXPUNGE completed" : "EXPUNGE completed");
    }
}
