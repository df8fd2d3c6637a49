namespace MailHost.Store.Internal;

/// <summary>In-process "this folder changed" signal: each change completes the current task and installs a fresh one.</summary>
internal sealed class FolderChangeNotifier
{
    private TaskCompletionSource current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change after this call.</summary>
    public Task NextChange => Volatile.Read(ref current).Task;

    public void Notify()
    {
        var previous = Interlocked.Exchange(ref current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
