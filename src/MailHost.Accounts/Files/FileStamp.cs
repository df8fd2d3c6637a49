namespace MailHost.Accounts.Files;

/// <summary>What identifies a version of a file without reading it: the fallback when file-system events are lost (NFS, some containers).</summary>
internal readonly record struct FileStamp(bool Exists, DateTime LastWriteUtc, DateTime CreationUtc, long Length)
{
    public static FileStamp Read(string path)
    {
        var info = new FileInfo(path);
        return info.Exists
            ? new FileStamp(true, info.LastWriteTimeUtc, info.CreationTimeUtc, info.Length)
            : default;
    }
}
