namespace MailHost.Store.Internal;

/// <summary>
/// One APPEND/COPY waiting to be committed into a folder. Whoever holds the folder lock commits every queued request in one
/// go (group commit: one uidlist append and one fsync for many messages); a waiter whose request was committed by someone
/// else stops waiting for the lock. A waiter that gives up withdraws its request first, unless a holder already claimed it.
/// </summary>
internal sealed class CommitRequest : IDisposable
{
    private const int Queued = 0;
    private const int Claimed = 1;
    private const int Withdrawn = 2;

    private readonly TaskCompletionSource<IReadOnlyList<uint>> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource committedElsewhere = new();
    private int state;

    public CommitRequest(IReadOnlyList<StagedFile> files) => Files = files;

    public IReadOnlyList<StagedFile> Files { get; }

    public Task<IReadOnlyList<uint>> Completion => completion.Task;

    /// <summary>Cancelled when the request is settled, so its owner stops waiting for the lock.</summary>
    public CancellationToken Settled => committedElsewhere.Token;

    public bool TryClaim() => Interlocked.CompareExchange(ref state, Claimed, Queued) == Queued;

    public bool TryWithdraw() => Interlocked.CompareExchange(ref state, Withdrawn, Queued) == Queued;

    // Cancel before completing: once the owner observes completion it may dispose this request.
    public void Complete(IReadOnlyList<uint> uids)
    {
        committedElsewhere.Cancel();
        completion.TrySetResult(uids);
    }

    public void Fail(Exception exception)
    {
        committedElsewhere.Cancel();
        completion.TrySetException(exception);
    }

    public void Dispose() => committedElsewhere.Dispose();
}
