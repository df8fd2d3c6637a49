namespace MailHost.Accounts;

/// <summary>One mailbox a recipient delivers into; <see cref="Folder"/> is the plus-addressing folder (UTF-8, "/" separated) when it exists, else null for INBOX.</summary>
public sealed record RecipientTarget(MailUser User, string? Folder);
