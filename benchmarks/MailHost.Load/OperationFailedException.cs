namespace MailHost.Load;

/// <summary>Thrown after a failed operation has been recorded, so the loop that called it abandons its connection without recording it twice.</summary>
internal sealed class OperationFailedException : Exception
{
    public OperationFailedException()
    {
    }

    public OperationFailedException(string message)
        : base(message)
    {
    }

    public OperationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
