namespace MailHost.Store.Internal;

/// <summary>
/// A commit needs a keyword letter the folder does not have (26 at most). An <see cref="IOException"/> so that it fails only its own
/// request in a group commit, the way a storage failure does; the committer turns it into <see cref="StoreStatus.TooManyKeywords"/>.
/// </summary>
internal sealed class KeywordLimitException : IOException
{
    public KeywordLimitException()
        : base("No free keyword letter in the folder")
    {
    }

    public KeywordLimitException(string folderPath)
        : base("No free keyword letter in " + folderPath)
    {
    }

    public KeywordLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
