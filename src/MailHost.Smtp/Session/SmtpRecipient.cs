using MailHost.Smtp.Parsing;
using MailHost.Store;

namespace MailHost.Smtp.Session;

/// <summary>An accepted RCPT: the address as the client wrote it, where it delivers, and its DSN parameters.</summary>
internal sealed record SmtpRecipient(string Address, IReadOnlyList<DeliveryTarget> Targets, DsnNotify Notify, string? OriginalRecipient);
