namespace MailHost.Imap.Session;

internal enum ReadStatus
{
    Ok,

    /// <summary>The line exceeded the limit; it has been skipped up to and including its LF.</summary>
    TooLong,

    /// <summary>The peer closed the connection.</summary>
    Closed,

    /// <summary>The middleware cancelled the read (timeout or shutdown).</summary>
    Canceled,
}
