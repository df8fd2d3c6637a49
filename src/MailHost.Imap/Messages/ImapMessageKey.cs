namespace MailHost.Imap.Messages;

/// <summary>Identifies one message version: a UID is only unique within one folder and one UIDVALIDITY.</summary>
internal readonly record struct ImapMessageKey(string Mailbox, uint UidValidity, uint Uid);
