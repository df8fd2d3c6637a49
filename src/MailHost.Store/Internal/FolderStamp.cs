using System.Runtime.InteropServices;

namespace MailHost.Store.Internal;

/// <summary>Modification times (and sizes) of everything a scan reads; equal stamps mean an equal folder.</summary>
internal readonly record struct FolderStamp(long NewTicks, long CurTicks, long UidListLength, long UidListTicks, long ModSeqLength, long ModSeqTicks, long KeywordsTicks)
{
    private const int StatxSize = 256;
    private const uint StatxMask = 0x1 | 0x2 | 0x40 | 0x200; // STATX_TYPE | STATX_MODE | STATX_MTIME | STATX_SIZE
    private const int ENOTDIR = 20;
    private const int ENOSYS = 38;

    /// <summary>What .NET reports as the time of a file that does not exist (1601-01-01 UTC).</summary>
    private static readonly long MissingTicks = DateTime.FromFileTimeUtc(0).Ticks;

    /// <summary>Set when statx cannot be used here (not Linux, no glibc entry point, a kernel or sandbox without it).</summary>
    private static volatile bool statxUnavailable = !OperatingSystem.IsLinux();

    /// <summary>Test hook: whether stamps are read with statx.</summary>
    internal static bool NativeInUse => !statxUnavailable;

    public static FolderStamp Read(MaildirFolder folder)
    {
        folder.Shared.CountStampRead();
        if (!statxUnavailable && TryReadNative(folder, out var stamp))
        {
            return stamp;
        }

        return ReadManaged(folder);
    }

    /// <summary>The same stamp through .NET's file APIs (where statx is unavailable; tests compare both).</summary>
    internal static FolderStamp ReadManaged(MaildirFolder folder)
    {
        var uidList = new FileInfo(folder.UidListPath);
        var modSeq = new FileInfo(folder.ModSeqPath);
        return new FolderStamp(
            Directory.GetLastWriteTimeUtc(folder.NewPath).Ticks,
            Directory.GetLastWriteTimeUtc(folder.CurPath).Ticks,
            uidList.Exists ? uidList.Length : -1,
            uidList.Exists ? uidList.LastWriteTimeUtc.Ticks : 0,
            modSeq.Exists ? modSeq.Length : -1,
            modSeq.Exists ? modSeq.LastWriteTimeUtc.Ticks : 0,
            File.GetLastWriteTimeUtc(folder.KeywordsPath).Ticks);
    }

    /// <summary>
    /// Whether every time in the stamp is old enough that a change in the same clock tick cannot hide behind it (file systems
    /// with coarse timestamps). File system times are wall-clock times, so this compares with the real clock on purpose.
    /// </summary>
    public bool IsSettled(DateTime utcNow)
    {
        var newest = Math.Max(Math.Max(NewTicks, CurTicks), Math.Max(Math.Max(UidListTicks, ModSeqTicks), KeywordsTicks));
        return utcNow.Ticks - newest > TimeSpan.TicksPerSecond * 2;
    }

    /// <summary>
    /// The same values as the managed path (equal stamps stay equal across both), from one statx call per file into a stack
    /// buffer: the stamp is read several times per IMAP command, and FileInfo and the File/Directory helpers each normalise
    /// the path, allocate and ask for permission bits besides the stat itself.
    /// </summary>
    private static bool TryReadNative(MaildirFolder folder, out FolderStamp stamp)
    {
        stamp = default;
        Span<byte> buffer = stackalloc byte[StatxSize];
        try
        {
            if (!TryStat(folder.NewPath, buffer, out var newDir)
                || !TryStat(folder.CurPath, buffer, out var curDir)
                || !TryStat(folder.UidListPath, buffer, out var uidList)
                || !TryStat(folder.ModSeqPath, buffer, out var modSeq)
                || !TryStat(folder.KeywordsPath, buffer, out var keywords))
            {
                return false;
            }

            stamp = new FolderStamp(
                newDir.Found ? newDir.Ticks : MissingTicks,
                curDir.Found ? curDir.Ticks : MissingTicks,
                uidList.IsFile ? uidList.Length : -1,
                uidList.IsFile ? uidList.Ticks : 0,
                modSeq.IsFile ? modSeq.Length : -1,
                modSeq.IsFile ? modSeq.Ticks : 0,
                keywords.Found ? keywords.Ticks : MissingTicks);
            return true;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            statxUnavailable = true;
            return false;
        }
    }

    /// <summary>False only when statx itself failed for a reason other than a missing file (then the managed path answers).</summary>
    private static bool TryStat(string path, Span<byte> buffer, out (bool Found, bool IsFile, long Length, long Ticks) result)
    {
        result = default;
        if (NativeMethods.Statx(NativeMethods.AtFdCwd, path, 0, StatxMask, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is NativeMethods.ENOENT or ENOTDIR)
            {
                return true;
            }

            if (errno is ENOSYS or NativeMethods.EPERM)
            {
                statxUnavailable = true;
            }

            return false;
        }

        // struct statx: stx_mode (u16) at 28, stx_size (u64) at 40, stx_mtime { tv_sec (s64), tv_nsec (u32) } at 112.
        var mode = MemoryMarshal.Read<ushort>(buffer[28..]);
        var size = MemoryMarshal.Read<long>(buffer[40..]);
        var seconds = MemoryMarshal.Read<long>(buffer[112..]);
        var nanoseconds = MemoryMarshal.Read<uint>(buffer[120..]);
        var ticks = DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100);
        result = (true, (mode & 0xF000) != 0x4000, size, ticks);
        return true;
    }
}
