namespace MailHost.Store.Internal;

/// <summary>One message of a <see cref="FolderView"/>: what sessions see, and the scan entry (file name, new/ or cur/) it was built from.</summary>
internal readonly record struct FolderViewEntry(MessageInfo Info, ScannedMessage Source);
