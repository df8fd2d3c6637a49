using MailHost.Store;

namespace MailHost.Imap.Tests.Fakes;

/// <summary>A session's snapshot over a <see cref="FakeFolder"/>, with the refresh semantics of <see cref="IMailboxSession"/>.</summary>
internal sealed class FakeMailboxSession : IMailboxSession
{
    private readonly FakeAccount _account;
    private readonly FakeFolder _folder;
    private readonly List<MessageInfo> _snapshot = [];
    private MessageInfo[]? _published;
    private int _seenVersion;

    public FakeMailboxSession(FakeAccount account, FakeFolder folder, bool readOnly)
    {
        _account = account;
        _folder = folder;
        IsReadOnly = readOnly;
        _snapshot.AddRange(folder.Messages.Select(m => m.ToInfo()));
        _seenVersion = folder.Version;
    }

    public string Name => _folder.Name;

    public bool IsReadOnly { get; }

    public uint UidValidity => _folder.UidValidity;

    public uint UidNext => _folder.UidNext;

    public ulong HighestModSeq => 1;

    public IReadOnlyList<string> Keywords => _folder.Keywords;

    /// <summary>Like the store's, never changed in place: each change publishes a new array.</summary>
    public IReadOnlyList<MessageInfo> Messages => _published ??= [.. _snapshot];

    public bool Disposed { get; private set; }

    public ValueTask<MailboxChanges> RefreshAsync(bool includeExpunges, CancellationToken cancellationToken)
    {
        _seenVersion = _folder.Version;
        _published = null;
        var current = _folder.Messages.ToDictionary(m => m.Uid);
        var expunged = new List<uint>();
        var flagChanged = new List<uint>();
        for (var i = _snapshot.Count - 1; i >= 0; i--)
        {
            var info = _snapshot[i];
            if (!current.TryGetValue(info.Uid, out var now))
            {
                if (includeExpunges)
                {
                    expunged.Add(info.Uid);
                    _snapshot.RemoveAt(i);
                }

                continue;
            }

            if (now.Flags != info.Flags || !now.Keywords.SequenceEqual(info.Keywords))
            {
                _snapshot[i] = now.ToInfo();
                flagChanged.Add(info.Uid);
            }
        }

        expunged.Reverse();
        flagChanged.Reverse();
        var last = _snapshot.Count == 0 ? 0 : _snapshot.Max(m => m.Uid);
        var added = 0;
        foreach (var message in _folder.Messages.Where(m => m.Uid > last))
        {
            _snapshot.Add(message.ToInfo());
            added++;
        }

        return ValueTask.FromResult(new MailboxChanges(expunged, added, flagChanged));
    }

    public Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        // The signal first, then the version, as the real store arms its signal before it reads the folder: read the other way
        // round, a change landing in between bumps the version unseen and completes a task this session never waits on.
        var changed = _folder.Changed;
        return _folder.Version != _seenVersion ? Task.CompletedTask : changed.WaitAsync(cancellationToken);
    }

    public ValueTask<Stream?> OpenMessageAsync(uint uid, CancellationToken cancellationToken)
    {
        _folder.Opens++;
        var message = _folder.Messages.FirstOrDefault(m => m.Uid == uid);
        return ValueTask.FromResult<Stream?>(message is null ? null : new MemoryStream(message.Content, writable: false));
    }

    public ValueTask<StoreFlagsResult> StoreFlagsAsync(IReadOnlyList<uint> uids, FlagChangeMode mode, MessageFlags flags, IReadOnlyList<string> keywords,
        ulong? unchangedSince, CancellationToken cancellationToken)
    {
        var changed = new List<uint>();
        foreach (var uid in uids)
        {
            var index = _folder.Messages.FindIndex(m => m.Uid == uid);
            if (index < 0)
            {
                continue;
            }

            var message = _folder.Messages[index];
            var newFlags = mode switch
            {
                FlagChangeMode.Add => message.Flags | flags,
                FlagChangeMode.Remove => message.Flags & ~flags,
                _ => (message.Flags & MessageFlags.Recent) | flags,
            };
            var newKeywords = mode switch
            {
                FlagChangeMode.Add => message.Keywords.Union(keywords).ToList(),
                FlagChangeMode.Remove => message.Keywords.Except(keywords).ToList(),
                _ => keywords.ToList(),
            };
            foreach (var keyword in newKeywords.Where(k => !_folder.Keywords.Contains(k)))
            {
                _folder.Keywords.Add(keyword);
            }

            var updated = message with { Flags = newFlags, Keywords = newKeywords };
            _folder.Messages[index] = updated;
            var snapshotIndex = _snapshot.FindIndex(m => m.Uid == uid);
            if (snapshotIndex >= 0)
            {
                _snapshot[snapshotIndex] = updated.ToInfo();
                _published = null;
            }

            if (updated.Flags != message.Flags || !updated.Keywords.SequenceEqual(message.Keywords))
            {
                changed.Add(uid);
            }
        }

        _folder.NotifyChanged();
        _seenVersion = _folder.Version;
        return ValueTask.FromResult(new StoreFlagsResult(StoreStatus.Ok, changed, []));
    }

    public ValueTask<ExpungeResult> ExpungeAsync(IReadOnlyList<uint>? uids, CancellationToken cancellationToken)
    {
        if (_account.Store.ExpungeStatus != StoreStatus.Ok)
        {
            return ValueTask.FromResult(new ExpungeResult(_account.Store.ExpungeStatus, []));
        }

        var removed = _folder.Messages
            .Where(m => (m.Flags & MessageFlags.Deleted) != 0 && (uids is null || uids.Contains(m.Uid)) && _snapshot.Any(s => s.Uid == m.Uid))
            .Select(m => m.Uid).ToList();
        _folder.Messages.RemoveAll(m => removed.Contains(m.Uid));
        _snapshot.RemoveAll(m => removed.Contains(m.Uid));
        _published = null;
        _folder.NotifyChanged();
        _seenVersion = _folder.Version;
        return ValueTask.FromResult(new ExpungeResult(StoreStatus.Ok, removed));
    }

    public ValueTask<CopyResult> CopyAsync(IReadOnlyList<uint> uids, string destination, bool move, CancellationToken cancellationToken)
    {
        if (!_account.Folders.TryGetValue(destination, out var target))
        {
            return ValueTask.FromResult(new CopyResult(StoreStatus.NonExistent, 0, [], []));
        }

        var sources = new List<uint>();
        var destinations = new List<uint>();
        foreach (var uid in uids)
        {
            var message = _folder.Messages.FirstOrDefault(m => m.Uid == uid);
            if (message is null)
            {
                continue;
            }

            var copy = target.Add(System.Text.Encoding.UTF8.GetString(message.Content), message.Flags & ~MessageFlags.Recent, message.InternalDate, message.Keywords);
            sources.Add(uid);
            destinations.Add(copy.Uid);
        }

        if (move)
        {
            _folder.Messages.RemoveAll(m => sources.Contains(m.Uid));
            _snapshot.RemoveAll(m => sources.Contains(m.Uid));
            _published = null;
            _folder.NotifyChanged();
            _seenVersion = _folder.Version;
        }

        return ValueTask.FromResult(new CopyResult(StoreStatus.Ok, target.UidValidity, sources, destinations));
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
