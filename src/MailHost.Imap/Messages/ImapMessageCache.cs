namespace MailHost.Imap.Messages;

/// <summary>
/// Least-recently-used cache of parsed <see cref="ImapMessage"/>s keyed by (mailbox, UIDVALIDITY, UID), bounded by entry count and
/// by the bytes each message retains, so repeated FETCH/SEARCH over a folder does not parse the same files again. Thread-safe.
/// Message files are immutable once they have a UID, so entries never go stale; expunged messages age out or are removed.
/// </summary>
internal sealed class ImapMessageCache
{
    private readonly Lock gate = new();
    private readonly Dictionary<ImapMessageKey, LinkedListNode<(ImapMessageKey Key, ImapMessage Message)>> entries = [];
    private readonly LinkedList<(ImapMessageKey Key, ImapMessage Message)> recency = new();
    private readonly long maxBytes;
    private readonly int maxEntries;
    private long retainedBytes;

    public ImapMessageCache(ImapMessageCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        maxBytes = options.MaxBytes;
        maxEntries = options.MaxEntries;
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public long RetainedBytes
    {
        get
        {
            lock (gate)
            {
                return retainedBytes;
            }
        }
    }

    public bool TryGet(ImapMessageKey key, out ImapMessage? message)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                message = node.Value.Message;
                return true;
            }
        }

        message = null;
        return false;
    }

    public void Set(ImapMessageKey key, ImapMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.RetainedBytes > maxBytes || maxEntries == 0)
        {
            return;
        }

        lock (gate)
        {
            RemoveLocked(key);
            entries[key] = recency.AddFirst((key, message));
            retainedBytes += message.RetainedBytes;
            while (entries.Count > maxEntries || retainedBytes > maxBytes)
            {
                RemoveLocked(recency.Last!.Value.Key);
            }
        }
    }

    /// <summary>Returns the cached message or parses it from the stream <paramref name="open"/> returns (disposed afterwards).</summary>
    public async ValueTask<ImapMessage> GetOrLoadAsync(
        ImapMessageKey key,
        Func<CancellationToken, ValueTask<Stream>> open,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (TryGet(key, out var cached))
        {
            return cached!;
        }

        var stream = await open(cancellationToken);
        await using (stream)
        {
            var message = await ImapMessage.LoadAsync(stream, cancellationToken);
            Set(key, message);
            return message;
        }
    }

    public void Remove(ImapMessageKey key)
    {
        lock (gate)
        {
            RemoveLocked(key);
        }
    }

    /// <summary>Drops every entry of a folder, e.g. when it was deleted, renamed or got a new UIDVALIDITY.</summary>
    public void RemoveMailbox(string mailbox)
    {
        lock (gate)
        {
            foreach (var key in entries.Keys.Where(k => k.Mailbox == mailbox).ToList())
            {
                RemoveLocked(key);
            }
        }
    }

    private void RemoveLocked(ImapMessageKey key)
    {
        if (entries.Remove(key, out var node))
        {
            recency.Remove(node);
            retainedBytes -= node.Value.Message.RetainedBytes;
        }
    }
}
