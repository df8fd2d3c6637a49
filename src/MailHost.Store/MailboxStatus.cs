namespace MailHost.Store;

/// <summary>STATUS counters, computed without opening message files.</summary>
public sealed record MailboxStatus(
    uint Messages,
    uint Recent,
    uint UidNext,
    uint UidValidity,
    uint Unseen,
    uint Deleted,
    long Size,
    ulong HighestModSeq);
