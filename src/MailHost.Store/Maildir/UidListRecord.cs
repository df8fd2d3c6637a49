namespace MailHost.Store.Maildir;

/// <summary>One <c>dovecot-uidlist</c> record: a UID and the base name of its file (flags part stripped).</summary>
internal readonly record struct UidListRecord(uint Uid, string BaseName);
