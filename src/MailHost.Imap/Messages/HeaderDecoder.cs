using System.Text;
using MimeKit.Utils;

namespace MailHost.Imap.Messages;

/// <summary>Header values for SEARCH: unfolded, RFC 2047-decoded (raw 8-bit values are read as UTF-8, else Latin-1, by MimeKit) and
/// folded with <see cref="SearchFolding"/>.</summary>
internal static class HeaderDecoder
{
    public static IReadOnlyList<(string Name, string Value)> Decode(IReadOnlyList<RawHeaderField> fields)
    {
        var decoded = new (string Name, string Value)[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var raw = Encoding.Latin1.GetBytes(ImapStrings.RemoveLineBreaks(fields[i].RawValue));
            decoded[i] = (fields[i].Name, SearchFolding.Fold(Rfc2047.DecodeText(raw)));
        }

        return decoded;
    }
}
