namespace MailHost.Store;

/// <summary>One staged message of an APPEND (or MULTIAPPEND batch) with the flags and INTERNALDATE the client asked for.</summary>
public sealed record AppendItem(IStagedMessage Message, MessageFlags Flags, IReadOnlyList<string> Keywords, DateTimeOffset? InternalDate);
