using MailHost.Accounts.Hashing;

namespace MailHost.Accounts.Tests.Authentication;

/// <summary>Holds verifications while closed, to fill the verification semaphore deterministically.</summary>
internal sealed class GateHasher(IPasswordHasher inner) : IPasswordHasher, IDisposable
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a verification has entered since the last <see cref="Close"/>.</summary>
    public Task Entered => Volatile.Read(ref _entered).Task;

    public void Close()
    {
        Volatile.Write(ref _entered, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _open.Reset();
    }

    public void Open() => _open.Set();

    public string Hash(string password) => inner.Hash(password);

    public bool CostsAsMuchAsNewHashes(string stored) => inner.CostsAsMuchAsNewHashes(stored);

    public bool Verify(string stored, string password)
    {
        Volatile.Read(ref _entered).TrySetResult();
        _open.Wait(TimeSpan.FromSeconds(30));
        return inner.Verify(stored, password);
    }

    public void Dispose() => _open.Dispose();
}
