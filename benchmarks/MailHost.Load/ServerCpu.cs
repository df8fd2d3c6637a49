using System.Globalization;

namespace MailHost.Load;

/// <summary>
/// CPU time used by a server process tree, from /proc/PID/stat. On a machine shared with other work, throughput
/// swings with the neighbours' load, but the server's CPU time per operation barely does, so both are reported.
/// </summary>
internal static class ServerCpu
{
    // USER_HZ, the unit of /proc/PID/stat times, is 100 on every Linux architecture .NET runs on.
    private const double MillisecondsPerTick = 10;

    /// <summary>
    /// utime + stime of every live process in the tree, plus cutime + cstime, which hold the times of children that
    /// already exited and were reaped (Dovecot's per-connection processes come and go during a run).
    /// </summary>
    public static double Milliseconds(int pid)
    {
        long ticks = 0;
        foreach (var process in ProcessTree.Of(pid))
        {
            var fields = ProcessTree.StatFields(process);
            if (fields is null || fields.Length < 15)
            {
                continue; // exited while we looked; its parent's cutime/cstime will hold its time
            }

            for (var field = 11; field <= 14; field++)
            {
                ticks += long.Parse(fields[field], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
        }

        return ticks * MillisecondsPerTick;
    }
}
