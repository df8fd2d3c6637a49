namespace MailHost.Store.Internal;

/// <summary>
/// Where a session last saw a message's file (the name changes with its flags), and the scan entry it came from
/// (<paramref name="Source"/>: the same object in the next scan means the message did not change).
/// </summary>
internal readonly record struct SessionFile(string BaseName, string FileName, bool InNew, ScannedMessage? Source = null);
