using System.Text;

namespace MailHost.Accounts.Files;

/// <summary>Replaces a file so that readers (and a crash) see either the old or the new contents, never a torn one.</summary>
internal static class AtomicFile
{
    public static async Task WriteAllLinesAsync(string path, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path) ?? ".";
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // The users file holds password hashes: keep an existing file's mode, else owner-only.
            options.UnixCreateMode = File.Exists(path) ? File.GetUnixFileMode(path) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temporary, options))
            {
                await using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
                {
                    writer.NewLine = "\n";
                    foreach (var line in lines)
                    {
                        await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
                    }
                }

                // Data on disk before the rename makes it visible, or a crash could leave an empty file under the real name.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        // The rename is only durable once the directory entry is: without this a crash can bring back the old users file
        // (a removed user, an old password) after the CLI said "done".
        DirectorySync.Fsync(directory);
    }
}
