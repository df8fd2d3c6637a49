namespace MailHost.Load;

internal readonly record struct MailboxKey(string User, string Folder);
