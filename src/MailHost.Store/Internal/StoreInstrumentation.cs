using System.Diagnostics.Metrics;

namespace MailHost.Store.Internal;

/// <summary>The store's one Meter ("MailHost.Store"); retry and timeout totals are also kept as plain counters for tests and health checks.</summary>
internal sealed class StoreInstrumentation
{
    public const string MeterName = "MailHost.Store";

    private readonly Counter<long> deliveries;
    private readonly Counter<long> appends;
    private readonly Counter<long> lockAcquisitions;
    private readonly Counter<long> lockRetries;
    private readonly Counter<long> lockTimeouts;
    private readonly Counter<long> lockBusy;
    private readonly Counter<long> foldersTrimmed;
    private long lockRetryTotal;
    private long lockTimeoutTotal;

    public StoreInstrumentation(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        deliveries = Meter.CreateCounter<long>("mailhost.store.deliveries", "{message}", "Messages delivered into a folder (per target).");
        appends = Meter.CreateCounter<long>("mailhost.store.appends", "{message}", "Messages committed by APPEND, COPY or MOVE.");
        lockAcquisitions = Meter.CreateCounter<long>("mailhost.store.lock.acquisitions", "{lock}", "Folder locks acquired.");
        lockRetries = Meter.CreateCounter<long>("mailhost.store.lock.retries", "{retry}", "Retries of the cross-process folder lock.");
        lockTimeouts = Meter.CreateCounter<long>("mailhost.store.lock.timeouts", "{lock}", "Lock acquisitions that ran out of budget.");
        lockBusy = Meter.CreateCounter<long>("mailhost.store.lock.busy", "{lock}", "Single lock tries (delivery, sync) that found the folder busy.");
        foldersTrimmed = Meter.CreateCounter<long>("mailhost.store.folders.trimmed", "{folder}", "Idle folders whose cached state was dropped.");
    }

    public Meter Meter { get; }

    public long LockRetries => Interlocked.Read(ref lockRetryTotal);

    public long LockTimeouts => Interlocked.Read(ref lockTimeoutTotal);

    public void Delivered(int count) => deliveries.Add(count);

    public void Appended(int count) => appends.Add(count);

    public void LockAcquired() => lockAcquisitions.Add(1);

    public void LockRetried()
    {
        Interlocked.Increment(ref lockRetryTotal);
        lockRetries.Add(1);
    }

    public void LockTimedOut()
    {
        Interlocked.Increment(ref lockTimeoutTotal);
        lockTimeouts.Add(1);
    }

    public void LockBusy() => lockBusy.Add(1);

    public void FoldersTrimmed(int count) => foldersTrimmed.Add(count);
}
