namespace MailHost.Store;

/// <summary>One message of an open mailbox. Immutable: a flag change replaces the entry.</summary>
public sealed record MessageInfo(
    uint Uid,
    MessageFlags Flags,
    IReadOnlyList<string> Keywords,
    long Size,
    DateTimeOffset InternalDate,
    ulong ModSeq);
