using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace MailHost.Store.Internal;

/// <summary>Crash-safe file primitives: fsync before rename, fsync the directory after, shared opens that never block renames.</summary>
internal static class DurableIo
{
    public const FileShare ReaderShare = FileShare.ReadWrite | FileShare.Delete;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Whole small side file as text, or null when absent. Absence is checked first (a missing <c>dovecot-keywords</c> is the
    /// normal case and must not cost exceptions); the bytes go through a pooled buffer, not a 64 KiB reader buffer per call.
    /// </summary>
    public static string? ReadAllTextOrNull(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, ReaderShare, 1, FileOptions.None);
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(stream.Length + 1, 256), Array.MaxLength));
            try
            {
                var total = 0;
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        // The file grew while being read (an append): take the rest too.
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, total).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = stream.Read(buffer, total, buffer.Length - total);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }

                return Utf8.GetString(buffer, 0, total);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static FileStream CreateNew(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, ReaderShare, 1, FileOptions.None);

    /// <summary>
    /// A message file for reading. One of up to <see cref="SmallFileLimit"/> bytes is read whole, synchronously, into memory: on
    /// Linux every asynchronous file read is a hop to the thread pool and back, and FETCH reads a small message in several
    /// reads (twelve opens and fourteen reads per loop of the persistent IMAP mix), while one pread of a file in the page
    /// cache takes microseconds. Larger files are streamed asynchronously as before.
    /// </summary>
    public static Stream OpenRead(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, ReaderShare, FileOptions.Asynchronous);
        try
        {
            var length = RandomAccess.GetLength(handle);
            if (length > SmallFileLimit)
            {
                return new FileStream(handle, FileAccess.Read, 4096, isAsync: true);
            }

            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            var total = 0;
            while (total < bytes.Length)
            {
                var read = RandomAccess.Read(handle, bytes.AsSpan(total), total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            handle.Dispose();
            return new MemoryStream(bytes, 0, total, writable: false, publiclyVisible: true);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Below the large-object heap's threshold, so a read-whole message is an ordinary short-lived allocation.</summary>
    public const int SmallFileLimit = 64 * 1024;

    /// <summary>Writes <paramref name="content"/> to a new file in <paramref name="tmpDirectory"/>, fsyncs it and renames it over <paramref name="path"/>.</summary>
    public static void ReplaceFile(string path, string tmpDirectory, string content)
    {
        Directory.CreateDirectory(tmpDirectory);
        var tmp = Path.Combine(tmpDirectory, string.Concat(Path.GetFileName(path), ".", Guid.NewGuid().ToString("N")));
        try
        {
            using (var stream = CreateNew(tmp))
            {
                stream.Write(Utf8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }

        FsyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Appends and flushes to disk before returning: a UID written this way survives a crash.</summary>
    public static void AppendDurable(string path, string content)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, ReaderShare, 1, FileOptions.None);
        stream.Write(Utf8.GetBytes(content));
        stream.Flush(flushToDisk: true);
    }

    public static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            // NTFS journals metadata itself and offers no directory handle fsync.
            return;
        }

        var fd = NativeMethods.Open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()}).", Marshal.GetLastPInvokeError());
        }

        try
        {
            if (NativeMethods.Fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fsync of directory {directory} failed (errno {errno}).", errno);
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    /// <summary>Hard link where the platform has one (one write for many recipients); otherwise a flushed copy.</summary>
    public static void LinkOrCopy(string source, string destination)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (NativeMethods.Link(source, destination) == 0)
            {
                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EEXIST)
            {
                throw new IOException($"{destination} already exists.", errno);
            }
        }

        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, ReaderShare, 1, FileOptions.SequentialScan);
        using var output = CreateNew(destination);
        input.CopyTo(output, 81920);
        output.Flush(flushToDisk: true);
    }

    /// <summary>Deletes exactly this name; false when there was no such name (renamed or removed by someone else).</summary>
    public static bool TryDelete(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }

        if (NativeMethods.Unlink(path) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            NativeMethods.ENOENT => false,
            NativeMethods.EACCES or NativeMethods.EPERM => throw new UnauthorizedAccessException($"Cannot delete {path} (errno {errno})."),
            _ => throw new IOException($"Cannot delete {path} (errno {errno}).", errno),
        };
    }

    public static void DeleteIfExists(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder itself is gone: nothing left to delete.
            return;
        }
    }
}
