namespace MailHost.Store;

/// <summary>System flags. Keywords travel separately as strings; <see cref="Recent"/> is session state, never on disk.</summary>
[Flags]
public enum MessageFlags
{
    None = 0,
    Seen = 1,
    Answered = 2,
    Flagged = 4,
    Deleted = 8,
    Draft = 16,
    Recent = 32,
}
