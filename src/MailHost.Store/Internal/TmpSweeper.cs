using Microsoft.Extensions.Hosting;

namespace MailHost.Store.Internal;

/// <summary>Removes tmp/ files older than <see cref="StoreOptions.TmpMaxAgeHours"/> (36 h, as Dovecot does) left by crashes.</summary>
internal sealed class TmpSweeper : BackgroundService
{
    private readonly StoreContext context;

    public TmpSweeper(StoreContext context) => this.context = context;

    /// <summary>One sweep over every account and folder; returns how many files were removed.</summary>
    public int SweepOnce()
    {
        var cutoff = context.TimeProvider.GetUtcNow().UtcDateTime - TimeSpan.FromHours(context.Options.TmpMaxAgeHours);
        var removed = 0;
        foreach (var tmp in EnumerateTmpDirectories())
        {
            foreach (var file in new DirectoryInfo(tmp).EnumerateFiles())
            {
                if (file.LastWriteTimeUtc < cutoff)
                {
                    try
                    {
                        file.Delete();
                        removed++;
                    }
                    catch (IOException exception)
                    {
                        StoreLog.OperationFailed(context.Logger, exception, "tmp-sweep", file.FullName, Guid.NewGuid().ToString("N"));
                    }
                }
            }
        }

        if (removed > 0)
        {
            StoreLog.TmpSwept(context.Logger, removed, context.MailRoot);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(context.Options.TmpSweepIntervalMinutes), context.TimeProvider);
        do
        {
            try
            {
                SweepOnce();
            }
            catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
            {
                StoreLog.OperationFailed(context.Logger, exception, "tmp-sweep", context.MailRoot, Guid.NewGuid().ToString("N"));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<string> EnumerateTmpDirectories()
    {
        if (!Directory.Exists(context.MailRoot))
        {
            yield break;
        }

        foreach (var domain in Directory.EnumerateDirectories(context.MailRoot))
        {
            foreach (var user in Directory.EnumerateDirectories(domain))
            {
                var root = Path.Combine(user, "tmp");
                if (Directory.Exists(root))
                {
                    yield return root;
                }

                foreach (var folder in Directory.EnumerateDirectories(user, ".*"))
                {
                    var tmp = Path.Combine(folder, "tmp");
                    if (Directory.Exists(tmp))
                    {
                        yield return tmp;
                    }
                }
            }
        }
    }
}
