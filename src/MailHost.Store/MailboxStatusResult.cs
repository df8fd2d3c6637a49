namespace MailHost.Store;

public sealed record MailboxStatusResult(StoreStatus Status, MailboxStatus? MailboxStatus);
