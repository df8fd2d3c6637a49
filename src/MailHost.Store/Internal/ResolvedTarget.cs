namespace MailHost.Store.Internal;

/// <summary>A delivery target with its folder, or the reason it has none.</summary>
internal sealed record ResolvedTarget(DeliveryTarget Target, MaildirFolder? Folder, StoreStatus Status, Exception? Failure);
