using System.Text;

namespace MailHost.Imap.Messages;

/// <summary>Splits a raw header block into fields, tolerating junk: a line without a colon (and its continuation lines) becomes a
/// nameless field.</summary>
internal static class RawHeaderParser
{
    public static List<RawHeaderField> Parse(ReadOnlySpan<byte> header)
    {
        var fields = new List<RawHeaderField>();
        var pos = 0;
        while (pos < header.Length)
        {
            var start = pos;
            var end = NextLineEnd(header, pos);
            if (end - start == 0 || (end - start == 1 && header[start] == (byte)'\r'))
            {
                break;
            }

            // Continuation lines belong to this field.
            var fieldEnd = end;
            while (fieldEnd + 1 < header.Length && header[fieldEnd + 1] is (byte)' ' or (byte)'\t')
            {
                fieldEnd = NextLineEnd(header, fieldEnd + 1);
            }

            var next = Math.Min(fieldEnd + 1, header.Length);
            var line = header[start..next];
            var colon = line.IndexOf((byte)':');
            var firstBreak = line.IndexOfAny((byte)'\r', (byte)'\n');
            if (colon > 0 && (firstBreak < 0 || colon < firstBreak))
            {
                var name = Encoding.Latin1.GetString(line[..colon]).TrimEnd(' ', '\t');
                var valueStart = colon + 1;
                while (valueStart < line.Length && line[valueStart] is (byte)' ' or (byte)'\t')
                {
                    valueStart++;
                }

                var valueEnd = line.Length;
                if (valueEnd > valueStart && line[valueEnd - 1] == (byte)'\n')
                {
                    valueEnd--;
                }

                if (valueEnd > valueStart && line[valueEnd - 1] == (byte)'\r')
                {
                    valueEnd--;
                }

                var value = valueEnd > valueStart ? Encoding.Latin1.GetString(line[valueStart..valueEnd]) : string.Empty;
                fields.Add(new RawHeaderField(name, value, start, next - start));
            }
            else
            {
                // Kept, nameless, so HEADER.FIELDS.NOT returns it like Dovecot does; no field lookup ever matches it.
                fields.Add(new RawHeaderField(string.Empty, Encoding.Latin1.GetString(line), start, next - start));
            }

            pos = next;
        }

        return fields;
    }

    /// <summary>Index of the LF ending the line that starts at <paramref name="start"/>, or the last index when there is none.</summary>
    private static int NextLineEnd(ReadOnlySpan<byte> data, int start)
    {
        var lf = data[start..].IndexOf((byte)'\n');
        return lf < 0 ? data.Length - 1 : start + lf;
    }
}
