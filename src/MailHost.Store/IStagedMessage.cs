namespace MailHost.Store;

/// <summary>
/// A message being written into a Maildir <c>tmp/</c> file. Write the bytes to <see cref="Content"/> (never buffered whole),
/// then hand it to a commit. Disposing an uncommitted message deletes the file, so an abrupt disconnect leaves nothing.
/// </summary>
public interface IStagedMessage : IAsyncDisposable
{
    /// <summary>Write-only stream into the tmp/ file.</summary>
    Stream Content { get; }

    /// <summary>Bytes written so far.</summary>
    long Length { get; }
}
