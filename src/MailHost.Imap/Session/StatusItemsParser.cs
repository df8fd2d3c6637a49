using System.Text;

namespace MailHost.Imap.Session;

internal static class StatusItemsParser
{
    public static StatusItems Parse(ReadOnlySpan<byte> item) => item switch
    {
        _ when Ascii.EqualsIgnoreCase(item, "MESSAGES"u8) => StatusItems.Messages,
        _ when Ascii.EqualsIgnoreCase(item, "RECENT"u8) => StatusItems.Recent,
        _ when Ascii.EqualsIgnoreCase(item, "UIDNEXT"u8) => StatusItems.UidNext,
        _ when Ascii.EqualsIgnoreCase(item, "UIDVALIDITY"u8) => StatusItems.UidValidity,
        _ when Ascii.EqualsIgnoreCase(item, "UNSEEN"u8) => StatusItems.Unseen,
        _ when Ascii.EqualsIgnoreCase(item, "DELETED"u8) => StatusItems.Deleted,
        _ when Ascii.EqualsIgnoreCase(item, "SIZE"u8) => StatusItems.Size,
        _ => StatusItems.None,
    };
}
