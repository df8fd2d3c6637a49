namespace MailHost.Store.Internal;

/// <summary>
/// A complete scan, the stamp read just before its listing, and whether that stamp was already settled then. One object, so
/// that concurrent scanners publish and read it atomically.
/// </summary>
internal sealed record ScanResult(FolderScan Scan, FolderStamp Stamp, bool SettledWhenListed);
