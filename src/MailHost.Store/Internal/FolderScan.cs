namespace MailHost.Store.Internal;

/// <summary>What a folder looks like on disk right now: messages with UIDs (ascending) and how many files still wait for one.</summary>
internal sealed record FolderScan(
    uint UidValidity,
    uint NextUid,
    ulong HighestModSeq,
    string?[] Keywords,
    IReadOnlyList<ScannedMessage> Messages,
    IReadOnlyDictionary<uint, ulong> ModSeqs,
    int PendingFiles,
    bool NeedsRepair);
