namespace MailHost.Imap.Messages;

/// <summary>HEADER.FIELDS and HEADER.FIELDS.NOT: the selected field lines as stored (folding kept), in header order, then the blank line.</summary>
internal static class HeaderFieldFilter
{
    public static byte[] Select(MessagePart part, IReadOnlyList<string> names, bool include)
    {
        var header = part.Header.Span;
        var output = new List<byte>(header.Length);
        foreach (var field in part.Fields)
        {
            var listed = false;
            foreach (var name in names)
            {
                if (field.Name.Length > 0 && name.Equals(field.Name, StringComparison.OrdinalIgnoreCase))
                {
                    listed = true;
                    break;
                }
            }

            if (listed == include)
            {
                var line = header.Slice(field.Start, field.Length);
                for (var i = 0; i < line.Length; i++)
                {
                    // Materialised bytes go on the wire as they are, so bare LFs become CRLF here.
                    if (line[i] == (byte)'\n' && (i == 0 || line[i - 1] != (byte)'\r'))
                    {
                        output.Add((byte)'\r');
                    }

                    output.Add(line[i]);
                }

                if (line.Length == 0 || line[^1] != (byte)'\n')
                {
                    output.Add((byte)'\r');
                    output.Add((byte)'\n');
                }
            }
        }

        output.Add((byte)'\r');
        output.Add((byte)'\n');
        return [.. output];
    }
}
