namespace MailHost.Store;

/// <summary>Per-recipient result: LMTP answers each separately, SMTP answers 250 only when all are Ok.</summary>
public sealed record DeliveryOutcome(DeliveryTarget Target, StoreStatus Status, string? Message = null);
