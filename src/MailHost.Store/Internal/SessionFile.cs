namespace MailHost.Store.Internal;

/// <summary>Where a session last saw a message's file (the name changes with its flags).</summary>
internal readonly record struct SessionFile(string BaseName, string FileName, bool InNew);
