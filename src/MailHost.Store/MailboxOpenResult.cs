namespace MailHost.Store;

public sealed record MailboxOpenResult(StoreStatus Status, IMailboxSession? Session);
