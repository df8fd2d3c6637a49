using MailHost.Store.Maildir;

namespace MailHost.Store.Internal;

/// <summary>A message file with a UID, as found on disk by a scan.</summary>
internal sealed record ScannedMessage(uint Uid, string FileName, bool InNew, MaildirFileName Parsed, DateTimeOffset InternalDate, long Size);
