using System.Runtime.InteropServices;

namespace MailHost.Store.Internal;

/// <summary>POSIX calls .NET does not expose: fsync of a directory, hard links, touching a file, unlink that says whether the name was there.</summary>
internal static partial class NativeMethods
{
    public const int EPERM = 1;

    public const int ENOENT = 2;

    public const int EACCES = 13;

    public const int EEXIST = 17;

    /// <summary><c>AT_FDCWD</c>: a relative path in <see cref="Utimensat"/> is taken from the working directory.</summary>
    public const int AtFdCwd = -100;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    /// <summary>
    /// statx(2) into <paramref name="buffer"/> (256 bytes, <c>struct statx</c>: the same layout on every architecture, unlike
    /// <c>struct stat</c>). Follows symbolic links, as .NET's file times do.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, Span<byte> buffer);

    /// <summary>With <c>times</c> null: sets the file's modification and change times to now, like <c>touch</c>.</summary>
    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Utimensat(int directoryFd, string path, IntPtr times, int flags);
}
