using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MailHost.Store.Internal;

namespace MailHost.Store.Locking;

/// <summary>
/// Dovecot's <c>dovecot-uidlist.lock</c>, holding <c>pid:host</c>. Taken as a hard link to this process's owner file in the same
/// folder (<see cref="OwnerFileName"/>, touched first so the lock's times are fresh), the way Dovecot's own NFS-safe dotlocks are
/// made: link fails with EEXIST when the lock exists, exactly like an O_EXCL create, but allocates no inode. Creating and
/// deleting an inode per APPEND and EXPUNGE was 9 % of the server's CPU in the persistent IMAP mix, most of it ext4 skipping
/// recently deleted inodes, a cost every other file creation paid too. Where linking is not possible (Windows, a file system
/// without hard links) the lock is created with O_EXCL (FileMode.CreateNew). Only link, O_EXCL create and unlink are relied on,
/// so it works on NFS. Callers hold the folder's in-process gate while trying.
/// </summary>
internal static class DotLock
{
    public const string FileName = "dovecot-uidlist.lock";

    /// <summary>Start of the owner files' names: <c>mailhost-lockowner.&lt;pid&gt;.&lt;host&gt;</c>.</summary>
    public const string OwnerPrefix = "mailhost-lockowner.";

    /// <summary>An owner file of another host untouched this long belongs to a process that no longer locks here.</summary>
    internal static readonly TimeSpan ForeignOwnerMaxAge = TimeSpan.FromDays(1);

    public static string HostName { get; } = Environment.MachineName;

    public static string OwnerContent { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}:{HostName}");

    /// <summary>
    /// This process's owner file in each folder it locks. The pid is part of the name so that two processes on one host never
    /// share one (the lock's content must name its holder); files of dead processes are removed when a new one is made.
    /// </summary>
    public static string OwnerFileName { get; } = string.Create(CultureInfo.InvariantCulture, $"{OwnerPrefix}{Environment.ProcessId}.{HostName}");

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
        if (!OperatingSystem.IsWindows() && TryLinkOwner(lockPath) is { } linked)
        {
            return linked;
        }

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

    /// <summary>True: linked, the lock is ours. False: the lock exists. Null: linking is not possible here, create it instead.</summary>
    private static bool? TryLinkOwner(string lockPath)
    {
        var folder = Path.GetDirectoryName(lockPath)!;
        var owner = Path.Combine(folder, OwnerFileName);

        // Fresh times before the lock appears: others judge a lock's age by them (Dovecot by its change time, which the link
        // also sets, MailHost by its modification time), and the owner file was made when this process first locked the folder.
        if (NativeMethods.Utimensat(NativeMethods.AtFdCwd, owner, IntPtr.Zero, 0) != 0
            && (Marshal.GetLastPInvokeError() != NativeMethods.ENOENT || !TryCreateOwner(folder, owner)))
        {
            return null;
        }

        if (NativeMethods.Link(owner, lockPath) == 0)
        {
            return true;
        }

        return Marshal.GetLastPInvokeError() == NativeMethods.EEXIST ? false : null;
    }

    /// <summary>
    /// Writes this process's owner file (fsynced, then renamed into place, so it never holds less than <c>pid:host</c>) and
    /// removes those of dead processes on this host. False when it cannot be written here: the caller creates the lock instead.
    /// </summary>
    private static bool TryCreateOwner(string folder, string owner)
    {
        var temporary = owner + ".new";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(OwnerContent));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, owner, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // No owner file here (no space, no permission, the folder went away): the O_EXCL create reports what applies.
            DeleteIfPresent(temporary);
            return false;
        }

        RemoveDeadOwners(folder);
        return true;
    }

    private static void RemoveDeadOwners(string folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder, OwnerPrefix + "*"))
        {
            var name = Path.GetFileName(path.AsSpan())[OwnerPrefix.Length..];
            if (name.EndsWith(".new", StringComparison.Ordinal))
            {
                name = name[..^4];
            }

            var dot = name.IndexOf('.');
            if (dot <= 0
                || !int.TryParse(name[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || (pid == Environment.ProcessId && name[(dot + 1)..].Equals(HostName, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            // A lock that is still a link to it keeps its own name and content: only the owner's name goes. Another host's
            // process cannot be asked whether it lives, but a live one touches its file before every lock; a container gets a
            // new host name on every `docker run`, so without the age rule each restart would leave one file per folder.
            var sameHost = name[(dot + 1)..].Equals(HostName, StringComparison.OrdinalIgnoreCase);
            if (sameHost ? !IsProcessAlive(pid) : IsUntouchedFor(path, ForeignOwnerMaxAge))
            {
                // If its process links to it just now, the link fails with ENOENT and that attempt creates the lock with O_EXCL.
                DeleteIfPresent(path);
            }
        }
    }

    private static bool IsUntouchedFor(string path, TimeSpan age)
    {
        var modified = File.GetLastWriteTimeUtc(path);

        // File times come from the real clock, like the scan stamps (ScanResult.WallClock). A file gone meanwhile reports
        // 1601-01-01: deleting it again is harmless.
        return ScanResult.WallClock - modified > age;
    }

    private static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover owner file of a dead process is removed by the next process that makes one here.
            return;
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
