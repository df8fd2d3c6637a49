namespace MailHost.Store.Locking;

/// <summary>
/// One folder's in-process gate and how many callers hold or wait for it. A gate nobody uses may be dropped from
/// <see cref="FolderGates"/>; <see cref="Retired"/> then tells a caller that found it a moment before to fetch the new one.
/// </summary>
internal sealed class FolderGate
{
    public SemaphoreSlim Semaphore { get; } = new(1, 1);

    /// <summary>Callers between <see cref="FolderGates.Enter"/> and <see cref="FolderGates.Exit"/> (changed under this object's lock).</summary>
    public int Users { get; set; }

    public bool Retired { get; set; }
}
