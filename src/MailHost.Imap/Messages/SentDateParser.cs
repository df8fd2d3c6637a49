using MimeKit.Utils;

namespace MailHost.Imap.Messages;

/// <summary>The Date: header as a point in time, for SENTBEFORE/SENTON/SENTSINCE (the last Date: wins, as in the ENVELOPE).</summary>
internal static class SentDateParser
{
    public static DateTimeOffset? Parse(IReadOnlyList<RawHeaderField> fields)
    {
        for (var i = fields.Count - 1; i >= 0; i--)
        {
            if (fields[i].Name.Equals("Date", StringComparison.OrdinalIgnoreCase))
            {
                return DateUtils.TryParse(ImapStrings.RemoveLineBreaks(fields[i].RawValue), out var date) ? date : null;
            }
        }

        return null;
    }
}
