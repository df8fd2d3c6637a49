using System.Collections.Concurrent;
using MailHost.Store;

namespace MailHost.Smtp.Tests.Support;

/// <summary>
/// A store double: staged messages go to memory, commits record the exact bytes per target, and a disposed uncommitted
/// message counts as discarded (what the real store's tmp/ cleanup does).
/// </summary>
internal sealed class FakeStore : IMailStore, IMessageDelivery
{
    public ConcurrentQueue<(DeliveryTarget Target, byte[] Bytes)> Delivered { get; } = new();

    public Dictionary<string, string[]> Folders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Status the next commits report per target (Ok unless set).</summary>
    public Func<DeliveryTarget, StoreStatus> Outcome { get; set; } = static _ => StoreStatus.Ok;

    public bool FailBegin { get; set; }

    /// <summary>Content writes throw this (e.g. ENOSPC) once more than <see cref="FailAfterBytes"/> were written.</summary>
    public Exception? WriteFailure { get; set; }

    public int FailAfterBytes { get; set; }

    public int Begun;
    public int Discarded;
    public int Committed;
    public int Open;

    public IMessageDelivery Delivery => this;

    public IReadOnlyList<DeliveryTarget>? LastTargets { get; private set; }

    public ValueTask<IMailAccount> OpenAccountAsync(string domain, string localPart, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IMailAccount>(new FakeAccount(domain, localPart, Folders.GetValueOrDefault(localPart + "@" + domain) ?? ["INBOX"]));

    public ValueTask<IStagedDelivery> BeginAsync(IReadOnlyList<DeliveryTarget> targets, CancellationToken cancellationToken)
    {
        if (FailBegin)
        {
            throw new IOException("simulated tmp/ failure");
        }

        Interlocked.Increment(ref Begun);
        Interlocked.Increment(ref Open);
        LastTargets = targets;
        return ValueTask.FromResult<IStagedDelivery>(new Staged(this, targets));
    }

    public string DeliveredText(int index = 0) => System.Text.Encoding.UTF8.GetString(Delivered.ElementAt(index).Bytes);

    private sealed class FailingStream(Exception failure, int failAfter) : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Length + buffer.Length > failAfter ? ValueTask.FromException(failure) : base.WriteAsync(buffer, cancellationToken);
    }

    private sealed class Staged(FakeStore store, IReadOnlyList<DeliveryTarget> targets) : IStagedDelivery
    {
        private readonly MemoryStream _content = store.WriteFailure is { } failure ? new FailingStream(failure, store.FailAfterBytes) : new MemoryStream();
        private bool _committed;
        private bool _disposed;

        public Stream Content => _content;

        public long Length => _content.Length;

        public ValueTask<IReadOnlyList<DeliveryOutcome>> CommitAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _committed = true;
            Interlocked.Increment(ref store.Committed);
            var outcomes = new List<DeliveryOutcome>();
            foreach (var target in targets)
            {
                var status = store.Outcome(target);
                if (status == StoreStatus.Ok)
                {
                    store.Delivered.Enqueue((target, _content.ToArray()));
                }

                outcomes.Add(new DeliveryOutcome(target, status));
            }

            return ValueTask.FromResult<IReadOnlyList<DeliveryOutcome>>(outcomes);
        }

        public ValueTask DisposeAsync()
        {
            if (!_disposed)
            {
                _disposed = true;
                Interlocked.Decrement(ref store.Open);
                if (!_committed)
                {
                    Interlocked.Increment(ref store.Discarded);
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
