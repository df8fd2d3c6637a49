using System.Text;

namespace MailHost.Imap.Session;

internal static class StatusItemsParser
{
    /// <summary>One IMAP4rev1 status-att (the fuzzing harness calls this).</summary>
    public static StatusItems Parse(ReadOnlySpan<byte> item) => Parse(item, imap4rev2: false);

    /// <summary>
    /// One status-att; <see cref="StatusItems.None"/> when unknown. RECENT exists only in IMAP4rev1: RFC 9051's status-att
    /// has no RECENT (Appendix E: \Recent and everything built on it were removed), so a rev2 session asking for it is BAD.
    /// </summary>
    public static StatusItems Parse(ReadOnlySpan<byte> item, bool imap4rev2) => item switch
    {
        _ when Ascii.EqualsIgnoreCase(item, "MESSAGES"u8) => StatusItems.Messages,
        _ when Ascii.EqualsIgnoreCase(item, "RECENT"u8) => imap4rev2 ? StatusItems.None : StatusItems.Recent,
        _ when Ascii.EqualsIgnoreCase(item, "UIDNEXT"u8) => StatusItems.UidNext,
        _ when Ascii.EqualsIgnoreCase(item, "UIDVALIDITY"u8) => StatusItems.UidValidity,
        _ when Ascii.EqualsIgnoreCase(item, "UNSEEN"u8) => StatusItems.Unseen,
        _ when Ascii.EqualsIgnoreCase(item, "DELETED"u8) => StatusItems.Deleted,
        _ when Ascii.EqualsIgnoreCase(item, "SIZE"u8) => StatusItems.Size,
        _ => StatusItems.None,
    };
}
