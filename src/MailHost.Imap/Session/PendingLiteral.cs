namespace MailHost.Imap.Session;

/// <summary>A literal announced at the end of a command line.</summary>
internal readonly record struct PendingLiteral(long Length, bool NonSynchronizing);
