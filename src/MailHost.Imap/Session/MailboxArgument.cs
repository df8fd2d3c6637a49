namespace MailHost.Imap.Session;

/// <summary>A mailbox name argument after decoding: <see cref="Name"/> null when it was syntactically fine but unacceptable (NO [CANNOT]).</summary>
internal readonly record struct MailboxArgument(string? Name);
