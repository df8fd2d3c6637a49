using MailHost.Store.Maildir;

namespace MailHost.Store.Internal;

/// <summary>An APPEND literal being streamed into a folder's tmp/. Disposing it before commit deletes the file.</summary>
internal sealed class StagedMessage : IStagedMessage
{
    private readonly CountingWriteStream content;
    private bool closed;

    private StagedMessage(MaildirFolder folder, string baseName, string tmpPath, CountingWriteStream content)
    {
        Folder = folder;
        BaseName = baseName;
        TmpPath = tmpPath;
        this.content = content;
    }

    public MaildirFolder Folder { get; }

    public string BaseName { get; }

    public string TmpPath { get; }

    public bool Committed { get; private set; }

    public Stream Content => content;

    public long Length => content.BytesWritten;

    public static StagedMessage Create(MaildirFolder folder, TimeProvider timeProvider)
    {
        Directory.CreateDirectory(folder.TmpPath);
        var baseName = MaildirNameGenerator.NewBaseName(timeProvider);
        var tmpPath = Path.Combine(folder.TmpPath, baseName);
        // Unbuffered (bufferSize 0): a full disk then fails the write that caused it, where the caller turns it into
        // 452 4.3.1 / NO [OVERQUOTA], instead of failing again in DisposeAsync's flush of an abandoned message, which
        // escaped to the session (SMTP 451 and a closed connection, IMAP a dropped connection) and left the file in tmp/.
        var stream = new FileStream(tmpPath, FileMode.CreateNew, FileAccess.Write, DurableIo.ReaderShare, 0, FileOptions.Asynchronous);
        return new StagedMessage(folder, baseName, tmpPath, new CountingWriteStream(stream));
    }

    /// <summary>Flushes the bytes to disk and closes the file; returns the final base name with S= and W=.</summary>
    public async ValueTask<StagedFile> CloseAsync(MessageFlags flags, IReadOnlyList<string> keywords, DateTimeOffset? internalDate)
    {
        if (!closed)
        {
            try
            {
                if (content.Failure is null)
                {
                    await content.FlushAsync(CancellationToken.None);
                    content.FlushToDisk();
                }
            }
            finally
            {
                await content.DisposeAsync();
                closed = true;
            }
        }

        if (content.Failure is { } failure)
        {
            throw new IOException(failure.Message, failure);
        }

        return new StagedFile(TmpPath, MaildirNameGenerator.WithSizes(BaseName, content.BytesWritten, content.VirtualSize), flags, keywords, internalDate);
    }

    public void MarkCommitted() => Committed = true;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!closed)
            {
                closed = true;
                await content.DisposeAsync();
            }
        }
        finally
        {
            if (!Committed)
            {
                DurableIo.DeleteIfExists(TmpPath);
            }
        }
    }
}
