namespace MailHost.Load;

/// <summary>A server answer the load tool did not expect; counted as an error of the operation that saw it.</summary>
internal sealed class LoadException : Exception
{
    public LoadException()
    {
    }

    public LoadException(string message)
        : base(message)
    {
    }

    public LoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
