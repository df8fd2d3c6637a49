using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MailHost.Store.Locking;

/// <summary>
/// Dovecot's <c>dovecot-uidlist.lock</c>: created with O_EXCL (FileMode.CreateNew), holding <c>pid:host</c>. Only O_EXCL create and
/// unlink are relied on, so it works on NFS. Callers hold the folder's in-process gate while trying.
/// </summary>
internal static class DotLock
{
    public const string FileName = "dovecot-uidlist.lock";

    public static string HostName { get; } = Environment.MachineName;

    public static string OwnerContent { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}:{HostName}");

    /// <summary>One attempt: create the lock, or take over a stale one and create it. False when someone live holds it.</summary>
    public static bool TryCreate(string lockPath, TimeProvider timeProvider, TimeSpan staleAfter)
    {
        if (TryCreateOnce(lockPath))
        {
            return true;
        }

        if (!IsStale(lockPath, timeProvider, staleAfter))
        {
            return false;
        }

        try
        {
            File.Delete(lockPath);
        }
        catch (IOException)
        {
            return false;
        }

        return TryCreateOnce(lockPath);
    }

    public static void Release(string lockPath)
    {
        try
        {
            File.Delete(lockPath);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder was deleted or renamed while locked (DELETE, RENAME): its lock went with it.
            return;
        }
    }

    public static void Touch(string lockPath, TimeProvider timeProvider)
    {
        try
        {
            File.SetLastWriteTimeUtc(lockPath, timeProvider.GetUtcNow().UtcDateTime);
        }
        catch (IOException)
        {
            // Taken over as stale by someone else, or the folder went away: nothing to keep alive.
            return;
        }
    }

    internal static bool IsStale(string lockPath, TimeProvider timeProvider, TimeSpan staleAfter)
    {
        string content;
        DateTime modified;
        try
        {
            content = File.ReadAllText(lockPath, Encoding.UTF8).Trim();
            modified = File.GetLastWriteTimeUtc(lockPath);
        }
        catch (FileNotFoundException)
        {
            // Vanished between the failed create and now: the next attempt will create it.
            return false;
        }

        if (timeProvider.GetUtcNow().UtcDateTime - modified > staleAfter)
        {
            return true;
        }

        var colon = content.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !int.TryParse(content.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !string.Equals(content[(colon + 1)..], HostName, StringComparison.OrdinalIgnoreCase))
        {
            // Another host (or an unreadable owner): only the age can prove it stale.
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            // The caller holds this folder's in-process gate, so nobody in this process holds the dotlock: it is ours from a
            // previous life (a restarted container keeps its PID and host name).
            return true;
        }

        return !IsProcessAlive(pid);
    }

    private static bool TryCreateOnce(string lockPath)
    {
        try
        {
            using var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            stream.Write(Encoding.UTF8.GetBytes(OwnerContent));
            return true;
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            return false;
        }
    }

    private static bool IsProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
