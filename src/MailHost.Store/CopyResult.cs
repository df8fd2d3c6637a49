namespace MailHost.Store;

/// <summary>COPYUID data (RFC 4315): source and destination UIDs pair up by index.</summary>
public sealed record CopyResult(StoreStatus Status, uint DestinationUidValidity, IReadOnlyList<uint> SourceUids, IReadOnlyList<uint> DestinationUids);
