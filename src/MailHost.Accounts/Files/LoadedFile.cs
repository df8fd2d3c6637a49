namespace MailHost.Accounts.Files;

internal sealed record LoadedFile<T>(T Value, FileStamp Stamp, long Generation);
