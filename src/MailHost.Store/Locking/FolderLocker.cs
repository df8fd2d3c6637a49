using MailHost.Store.Internal;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace MailHost.Store.Locking;

/// <summary>
/// Takes a folder's lock: (1) the in-process gate, then (2) <c>dovecot-uidlist.lock</c> through the Polly pipeline
/// (<see cref="PipelineKey"/>), or — for delivery and sync — tries each exactly once.
/// </summary>
internal sealed class FolderLocker
{
    public const string PipelineKey = "MailHost.Store.FolderLock";

    private readonly ResiliencePipeline<bool> pipeline;
    private readonly TimeProvider timeProvider;
    private readonly StoreInstrumentation instrumentation;
    private readonly TimeSpan staleAfter;
    private readonly TimeSpan gateTimeout;
    private readonly TimeSpan touchInterval;

    public FolderLocker(ResiliencePipelineProvider<string> pipelines, TimeProvider timeProvider, StoreInstrumentation instrumentation, IOptions<StoreOptions> options)
    {
        pipeline = pipelines.GetPipeline<bool>(PipelineKey);
        this.timeProvider = timeProvider;
        this.instrumentation = instrumentation;
        var locking = options.Value.Locking;
        staleAfter = TimeSpan.FromSeconds(locking.StaleAfterSeconds);
        gateTimeout = TimeSpan.FromMilliseconds(locking.TimeoutMs);
        touchInterval = staleAfter / 4;
    }

    /// <summary>Waits for the lock within the configured budget; null when the budget ran out.</summary>
    public ValueTask<FolderLockLease?> AcquireAsync(string folderPath, CancellationToken cancellationToken) =>
        AcquireAsync(folderPath, CancellationToken.None, cancellationToken);

    /// <summary>
    /// As <see cref="AcquireAsync(string, CancellationToken)"/>; <paramref name="notNeeded"/> ends the wait for the in-process gate
    /// early (null, not counted as a timeout) when another holder did the caller's work meanwhile.
    /// </summary>
    public async ValueTask<FolderLockLease?> AcquireAsync(string folderPath, CancellationToken notNeeded, CancellationToken cancellationToken)
    {
        var entry = FolderGates.Enter(folderPath);
        var gate = entry.Semaphore;
        using (var gateBudget = new CancellationTokenSource(gateTimeout, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(gateBudget.Token, notNeeded, cancellationToken))
        {
            try
            {
                await gate.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!notNeeded.IsCancellationRequested)
                {
                    instrumentation.LockTimedOut();
                }

                FolderGates.Exit(entry);
                return null;
            }
            catch
            {
                FolderGates.Exit(entry);
                throw;
            }
        }

        var lockPath = Path.Combine(folderPath, DotLock.FileName);
        bool acquired;
        try
        {
            acquired = await pipeline.ExecuteAsync(
                static (state, _) => ValueTask.FromResult(DotLock.TryCreate(state.lockPath, state.Self.timeProvider, state.Self.staleAfter)),
                (lockPath, Self: this),
                cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            acquired = false;
        }
        catch
        {
            FolderGates.Release(entry);
            throw;
        }

        if (!acquired)
        {
            FolderGates.Release(entry);
            instrumentation.LockTimedOut();
            return null;
        }

        instrumentation.LockAcquired();
        return new FolderLockLease(entry, lockPath, timeProvider, touchInterval);
    }

    /// <summary>One try of gate and dotlock, no waiting: the delivery and sync path.</summary>
    public FolderLockLease? TryAcquireOnce(string folderPath)
    {
        var entry = FolderGates.Enter(folderPath);
        var gate = entry.Semaphore;
        if (!gate.Wait(0))
        {
            FolderGates.Exit(entry);
            instrumentation.LockBusy();
            return null;
        }

        var lockPath = Path.Combine(folderPath, DotLock.FileName);
        bool acquired;
        try
        {
            acquired = DotLock.TryCreate(lockPath, timeProvider, staleAfter);
        }
        catch
        {
            FolderGates.Release(entry);
            throw;
        }

        if (!acquired)
        {
            FolderGates.Release(entry);
            instrumentation.LockBusy();
            return null;
        }

        instrumentation.LockAcquired();
        return new FolderLockLease(entry, lockPath, timeProvider, touchInterval);
    }
}
