namespace MailHost.Store;

/// <summary>One local mailbox to deliver into; <see cref="Folder"/> null means INBOX (UTF-8, "/" separated otherwise).</summary>
public sealed record DeliveryTarget(string Domain, string LocalPart, string? Folder = null);
