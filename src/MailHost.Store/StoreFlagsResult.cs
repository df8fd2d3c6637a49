namespace MailHost.Store;

/// <summary>Changed: UIDs whose flags actually changed (to report FETCH FLAGS). Modified: UIDs refused by UNCHANGEDSINCE.</summary>
public sealed record StoreFlagsResult(StoreStatus Status, IReadOnlyList<uint> Changed, IReadOnlyList<uint> Modified);
