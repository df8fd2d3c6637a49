namespace MailHost.Store.Internal;

/// <summary>
/// A message written once into the first target's tmp/, then linked (or copied) into every target's new/ and fsynced. Only after
/// that does it try each folder's lock once to assign UIDs; a busy lock leaves the UID to the holder or the next sync.
/// </summary>
internal sealed class StagedDelivery : IStagedDelivery
{
    private readonly StoreContext context;
    private readonly IReadOnlyList<ResolvedTarget> targets;
    private readonly StagedMessage? staging;
    private readonly Exception? stagingFailure;
    private readonly CountingWriteStream? discard;

    public StagedDelivery(StoreContext context, IReadOnlyList<ResolvedTarget> targets, StagedMessage? staging, Exception? stagingFailure)
    {
        this.context = context;
        this.targets = targets;
        this.staging = staging;
        this.stagingFailure = stagingFailure;
        if (staging is null)
        {
            // Nowhere to write: accept and drop the bytes so the protocol can finish reading, then report per target.
            discard = new CountingWriteStream(Stream.Null);
        }
    }

    public Stream Content => staging?.Content ?? discard!;

    public long Length => staging?.Length ?? discard!.BytesWritten;

    public async ValueTask<IReadOnlyList<DeliveryOutcome>> CommitAsync(CancellationToken cancellationToken)
    {
        if (staging is null)
        {
            var status = stagingFailure is null ? StoreStatus.Failed : StoreErrors.Classify(stagingFailure);
            return targets.Select(t => new DeliveryOutcome(t.Target, t.Folder is null ? t.Status : status, "Cannot write the message")).ToList();
        }

        StagedFile file;
        try
        {
            file = await staging.CloseAsync(MessageFlags.None, [], null);
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            var status = StoreErrors.Classify(exception);
            return targets.Select(t => new DeliveryOutcome(t.Target, status, "Cannot write the message")).ToList();
        }

        var outcomes = new DeliveryOutcome[targets.Count];
        var done = new Dictionary<string, StoreStatus>(StringComparer.Ordinal);
        var delivered = new List<MaildirFolder>();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (target.Folder is not { } folder)
            {
                if (target.Failure is not null)
                {
                    StoreLog.DeliveryFailed(context.Logger, target.Failure, target.Target.Domain, target.Target.LocalPart, target.Status);
                }

                outcomes[i] = new DeliveryOutcome(target.Target, target.Status, "Mailbox unavailable");
                continue;
            }

            if (!done.TryGetValue(folder.FolderPath, out var status))
            {
                status = Place(file, folder, target.Target);
                done[folder.FolderPath] = status;
                if (status == StoreStatus.Ok)
                {
                    delivered.Add(folder);
                }
            }

            outcomes[i] = new DeliveryOutcome(target.Target, status, status == StoreStatus.Ok ? null : "Cannot store the message");
        }

        staging.MarkCommitted();
        DurableIo.DeleteIfExists(file.TmpPath);
        context.Instrumentation.Delivered(delivered.Count);

        // The message is on disk in every new/: from here on nothing may undo or fail the delivery, cancellation included.
        foreach (var folder in delivered)
        {
            try
            {
                await folder.TrySyncPendingAsync(newOnly: true, CancellationToken.None);
            }
            catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
            {
                StoreLog.OperationFailed(context.Logger, exception, "delivery-sync", folder.FolderPath, Guid.NewGuid().ToString("N"));
            }

            folder.Shared.Notifier.Notify();
        }

        return outcomes;
    }

    public ValueTask DisposeAsync() => staging?.DisposeAsync() ?? ValueTask.CompletedTask;

    private StoreStatus Place(StagedFile file, MaildirFolder folder, DeliveryTarget target)
    {
        try
        {
            DurableIo.LinkOrCopy(file.TmpPath, Path.Combine(folder.NewPath, file.BaseName));
            DurableIo.FsyncDirectory(folder.NewPath);
            return StoreStatus.Ok;
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            var status = StoreErrors.Classify(exception);
            StoreLog.DeliveryFailed(context.Logger, exception, target.Domain, target.LocalPart, status);
            return status;
        }
    }
}
