namespace MailHost.Store;

public sealed record StagedAppendResult(StoreStatus Status, IStagedMessage? Message);
