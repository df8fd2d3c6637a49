namespace MailHost.Store;

/// <summary>A folder as LIST sees it. <see cref="Name"/> is UTF-8 with "/" as hierarchy separator; INBOX is "INBOX".</summary>
public sealed record MailboxInfo(string Name, MailboxSpecialUse SpecialUse, bool HasChildren, bool Subscribed, bool NoSelect);
