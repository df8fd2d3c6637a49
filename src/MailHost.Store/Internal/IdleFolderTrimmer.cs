using MailHost.Store.Locking;
using Microsoft.Extensions.Hosting;

namespace MailHost.Store.Internal;

/// <summary>
/// One sweep over every folder this process has touched, every half <see cref="StoreOptions.IdleFolderTrimMinutes"/>: folders
/// without a selected session and unused for that long drop their cached state (<see cref="FolderShared.TryTrim"/>), so the
/// daemon's memory follows the folders in use, not every folder it ever opened. The same sweep forgets idle accounts and
/// the in-process gates nobody holds or waits for. One timer for the store, none per folder.
/// </summary>
internal sealed class IdleFolderTrimmer : BackgroundService
{
    private readonly StoreContext context;
    private readonly MailStore store;

    public IdleFolderTrimmer(StoreContext context, MailStore store)
    {
        this.context = context;
        this.store = store;
    }

    private TimeSpan IdleTime => TimeSpan.FromMinutes(context.Options.IdleFolderTrimMinutes);

    /// <summary>One sweep; returns how many folders dropped their caches.</summary>
    public int TrimOnce()
    {
        var idleSince = context.TimeProvider.GetUtcNow().UtcTicks - IdleTime.Ticks;
        var folders = context.Folders;
        var trimmed = 0;
        foreach (var folder in folders)
        {
            if (folder.TryTrim(idleSince))
            {
                trimmed++;
            }
        }

        var accounts = store.ForgetIdleAccounts(idleSince);
        var gates = FolderGates.Sweep();
        if (trimmed > 0)
        {
            context.Instrumentation.FoldersTrimmed(trimmed);
        }

        StoreLog.IdleFoldersTrimmed(context.Logger, trimmed, context.Options.IdleFolderTrimMinutes, folders.Count, accounts, gates);

        return trimmed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (context.Options.IdleFolderTrimMinutes == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(IdleTime / 2, context.TimeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            TrimOnce();
        }
    }
}
