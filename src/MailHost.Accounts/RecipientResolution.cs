namespace MailHost.Accounts;

public sealed record RecipientResolution(RecipientStatus Status, IReadOnlyList<RecipientTarget> Targets);
