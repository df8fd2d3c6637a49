using System.Runtime.InteropServices;
using System.Text;

namespace MailHost.Store.Internal;

/// <summary>Crash-safe file primitives: fsync before rename, fsync the directory after, shared opens that never block renames.</summary>
internal static class DurableIo
{
    public const FileShare ReaderShare = FileShare.ReadWrite | FileShare.Delete;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string? ReadAllTextOrNull(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, ReaderShare, 1, FileOptions.SequentialScan);
            using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 65536);
            return reader.ReadToEnd();
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

    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, ReaderShare, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);

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
