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
        var stream = new FileStream(tmpPath, FileMode.CreateNew, FileAccess.Write, DurableIo.ReaderShare, 65536, FileOptions.Asynchronous);
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
        if (!closed)
        {
            await content.DisposeAsync();
            closed = true;
        }

        if (!Committed)
        {
            DurableIo.DeleteIfExists(TmpPath);
        }
    }
}
