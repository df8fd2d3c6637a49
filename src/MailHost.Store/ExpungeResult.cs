namespace MailHost.Store;

/// <summary>UIDs removed by an EXPUNGE, ascending. The session snapshot has already dropped them.</summary>
public sealed record ExpungeResult(StoreStatus Status, IReadOnlyList<uint> ExpungedUids);
