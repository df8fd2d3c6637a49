using MailHost.Imap.Messages;
using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>
/// The selected mailbox as this session's client knows it: the store snapshot, the messages the client was last told
/// (to number EXPUNGE responses), the SEARCHRES result. Parsed messages come from the process-wide cache, so sessions
/// of the same folder (a phone and a desktop) parse each message once.
/// </summary>
/// <remarks>
/// "What the client was told" is a reference to the store snapshot of that moment (snapshots are never changed in place, and
/// an idle session's snapshot is the folder's shared view) plus the UIDs reported expunged since, which exist only while
/// a batch of EXPUNGE responses is being written: an idle selected mailbox holds no per-message state of its own.
/// </remarks>
internal sealed class SelectedMailbox : IAsyncDisposable
{
    private IReadOnlyList<MessageInfo> _known = [];
    private List<uint>? _forgotten;
    private readonly List<(int First, int Last)> _ranges = [];
    private readonly ImapMessageCache _messageCache;
    private readonly string _cacheMailbox;

    /// <param name="cacheMailbox">Identifies the folder across accounts (account address + name): a UID is only unique per folder.</param>
    public SelectedMailbox(IMailboxSession session, string name, bool readOnly, ImapMessageCache messageCache, string cacheMailbox)
    {
        Session = session;
        Name = name;
        _messageCache = messageCache;
        _cacheMailbox = cacheMailbox;
        IsReadOnly = readOnly || session.IsReadOnly;
        SyncKnown();
    }

    public IMailboxSession Session { get; }

    public string Name { get; }

    public bool IsReadOnly { get; }

    /// <summary>SEARCHRES <c>$</c>: UIDs saved by the last SEARCH RETURN (SAVE).</summary>
    public List<uint> Saved { get; } = [];

    public IReadOnlyList<MessageInfo> Messages => Session.Messages;

    public void SyncKnown()
    {
        _known = Session.Messages;
        _forgotten = null;
    }

    /// <summary>Sequence number (1-based) the client knows for <paramref name="uid"/>, removing it; 0 when unknown.</summary>
    public int ForgetKnown(uint uid)
    {
        var index = _known.IndexOfUid(uid);
        if (index < 0)
        {
            return 0;
        }

        _forgotten ??= [];
        var before = _forgotten.BinarySearch(uid);
        if (before >= 0)
        {
            return 0;
        }

        // Every UID forgotten so far that sorts below this one took a sequence number below it away.
        _forgotten.Insert(~before, uid);

        // The message is gone for good (a UID is never reused within a UIDVALIDITY): its parse would only wait in the
        // process-wide cache for eviction; the soak run found expunged messages filling it.
        _messageCache.Remove(new ImapMessageKey(_cacheMailbox, Session.UidValidity, uid));
        return index + 1 - ~before;
    }

    public int KnownCount => _known.Count - (_forgotten?.Count ?? 0);

    public int IndexOfUid(uint uid) => Session.Messages.IndexOfUid(uid);

    /// <summary>
    /// Resolves a validated sequence set into ascending snapshot indices. Ranges are clamped and merged as ranges, so a set
    /// of 10,000 overlapping huge ranges costs one sort, not one entry per number.
    /// </summary>
    public void Resolve(ReadOnlySpan<byte> set, bool uid, List<int> indices)
    {
        indices.Clear();
        _ranges.Clear();
        var messages = Session.Messages;
        var count = messages.Count;
        if (count == 0)
        {
            return;
        }

        foreach (var range in new SequenceSetEnumerator(set))
        {
            if (range.IsSaved)
            {
                foreach (var saved in Saved)
                {
                    var index = IndexOfUid(saved);
                    if (index >= 0)
                    {
                        _ranges.Add((index, index));
                    }
                }

                continue;
            }

            if (uid)
            {
                var max = messages[count - 1].Uid;
                var a = range.First == SequenceRange.Star ? max : range.First;
                var b = range.Last == SequenceRange.Star ? max : range.Last;
                var (low, high) = a <= b ? (a, b) : (b, a);
                var first = IndexOfUid(low);
                first = first < 0 ? ~first : first;
                var last = IndexOfUid(high);
                last = last < 0 ? ~last - 1 : last;
                if (first <= last)
                {
                    _ranges.Add((first, last));
                }
            }
            else
            {
                var a = range.First == SequenceRange.Star ? (uint)count : range.First;
                var b = range.Last == SequenceRange.Star ? (uint)count : range.Last;
                var (low, high) = a <= b ? (a, b) : (b, a);
                if (low > count)
                {
                    continue;
                }

                _ranges.Add(((int)low - 1, (int)Math.Min(high, (uint)count) - 1));
            }
        }

        _ranges.Sort();
        var next = 0;
        foreach (var (first, last) in _ranges)
        {
            for (var i = Math.Max(first, next); i <= last; i++)
            {
                indices.Add(i);
            }

            next = Math.Max(next, last + 1);
        }
    }

    /// <summary>True when a message (by sequence number and UID) is in the set; for SEARCH keys, evaluated per message.</summary>
    public bool Contains(ReadOnlySpan<byte> set, bool uid, int sequence, uint messageUid)
    {
        var messages = Session.Messages;
        var maxUid = messages.Count == 0 ? 0 : messages[^1].Uid;
        var value = uid ? messageUid : (uint)sequence;
        var max = uid ? maxUid : (uint)messages.Count;
        foreach (var range in new SequenceSetEnumerator(set))
        {
            if (range.IsSaved)
            {
                if (Saved.BinarySearch(messageUid) >= 0)
                {
                    return true;
                }

                continue;
            }

            var a = range.First == SequenceRange.Star ? max : range.First;
            var b = range.Last == SequenceRange.Star ? max : range.Last;
            if (value >= Math.Min(a, b) && value <= Math.Max(a, b))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask<ImapMessage?> GetMessageAsync(uint uid, CancellationToken cancellationToken)
    {
        // Maildir message files never change once written (flags live in the name), so (folder, UIDVALIDITY, UID) names one content.
        var key = new ImapMessageKey(_cacheMailbox, Session.UidValidity, uid);
        if (_messageCache.TryGet(key, out var cached) && cached is not null)
        {
            return cached;
        }

        var stream = await Session.OpenMessageAsync(uid, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        await using (stream)
        {
            var message = await ImapMessage.LoadAsync(stream, cancellationToken);
            _messageCache.Set(key, message);
            return message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
    }
}
