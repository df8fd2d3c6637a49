namespace MailHost.Imap.Messages;

/// <summary>One ENVELOPE address (name route mailbox domain); a group start is (NIL NIL group NIL), a group end all NIL.</summary>
internal sealed record EnvelopeAddress(string? Name, string? Route, string? Mailbox, string? Domain);
