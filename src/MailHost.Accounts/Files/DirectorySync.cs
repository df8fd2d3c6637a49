using System.Runtime.InteropServices;

namespace MailHost.Accounts.Files;

/// <summary>
/// fsync of a directory, so a rename into it survives a power loss (the renamed file's data is already flushed; the directory
/// entry that names it is not until the directory itself is synced). The store has the same few lines in its DurableIo;
/// DESIGN.md keeps Accounts from referencing the store, and a shared project for one call would cost more than it saves.
/// </summary>
internal static partial class DirectorySync
{
    public static void Fsync(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            // NTFS journals metadata itself and offers no directory handle to fsync.
            return;
        }

        var fd = Open(directory, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open directory {directory} to fsync it (errno {errno}).", errno);
        }

        try
        {
            if (FsyncDescriptor(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fsync of directory {directory} failed (errno {errno}).", errno);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncDescriptor(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
