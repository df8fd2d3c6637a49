namespace MailHost.Accounts.Files;

/// <param name="ContentHash">SHA-256 of the bytes, so a reload of identical contents keeps the generation (and caches).</param>
/// <param name="LoadedAtUtc">Wall-clock time of the read, compared with the file's own (wall-clock) time stamp.</param>
internal sealed record LoadedFile<T>(T Value, FileStamp Stamp, long Generation, byte[] ContentHash, DateTime LoadedAtUtc);
