namespace MailHost.Imap.Messages;

/// <summary>The Content-* fields of one MIME part, parsed the way Dovecot parses them for BODYSTRUCTURE (raw, case kept).</summary>
internal sealed class MimeFields
{
    private static readonly IReadOnlyList<MimeParameter> NoParameters = [];

    /// <summary>Null when Content-Type is missing or unparsable (reported as "text" "plain").</summary>
    public string? Type { get; private set; }

    public string? Subtype { get; private set; }

    public IReadOnlyList<MimeParameter> Parameters { get; private set; } = NoParameters;

    public string? Id { get; private set; }

    public string? Description { get; private set; }

    public string? TransferEncoding { get; private set; }

    public string? Md5 { get; private set; }

    public string? Disposition { get; private set; }

    public IReadOnlyList<MimeParameter> DispositionParameters { get; private set; } = NoParameters;

    public IReadOnlyList<string>? Languages { get; private set; }

    public string? Location { get; private set; }

    public bool IsText => Type is null || Type.Equals("text", StringComparison.OrdinalIgnoreCase);

    public static MimeFields Parse(IEnumerable<RawHeaderField> header)
    {
        var fields = new MimeFields();
        foreach (var field in header)
        {
            if (!field.Name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            switch (field.Name[8..].ToUpperInvariant())
            {
                case "TYPE" when fields.Type is null:
                    fields.ParseContentType(field.RawValue);
                    break;
                case "TRANSFER-ENCODING" when fields.TransferEncoding is null:
                    fields.TransferEncoding = ParseSingleToken(field.RawValue);
                    break;
                case "ID" when fields.Id is null:
                    fields.Id = field.RawValue;
                    break;
                case "DESCRIPTION" when fields.Description is null:
                    fields.Description = field.RawValue;
                    break;
                case "MD5" when fields.Md5 is null:
                    fields.Md5 = field.RawValue;
                    break;
                case "DISPOSITION" when fields.Disposition is null:
                    fields.ParseDisposition(field.RawValue);
                    break;
                case "LANGUAGE" when fields.Languages is null:
                    fields.Languages = ParseLanguages(field.RawValue);
                    break;
                case "LOCATION" when fields.Location is null:
                    fields.Location = field.RawValue;
                    break;
                default:
                    break;
            }
        }

        return fields;
    }

    private void ParseContentType(string raw)
    {
        var scanner = new Rfc822Scanner(raw);
        scanner.SkipWhiteSpaceAndComments();
        var type = scanner.ReadToken();
        scanner.SkipWhiteSpaceAndComments();
        if (type is null)
        {
            return;
        }

        // Dovecot keeps a type without subtype and reports the subtype as "".
        var subtype = string.Empty;
        if (!scanner.AtEnd && scanner.Current == '/')
        {
            scanner.Position++;
            scanner.SkipWhiteSpaceAndComments();
            subtype = scanner.ReadToken() ?? string.Empty;
        }

        Type = type;
        Subtype = subtype;
        Parameters = ParseParameters(scanner);
    }

    private void ParseDisposition(string raw)
    {
        var scanner = new Rfc822Scanner(raw);
        scanner.SkipWhiteSpaceAndComments();
        var type = scanner.ReadToken();
        if (type is null)
        {
            return;
        }

        Disposition = type;
        DispositionParameters = ParseParameters(scanner);
    }

    private static string? ParseSingleToken(string raw)
    {
        var scanner = new Rfc822Scanner(raw);
        scanner.SkipWhiteSpaceAndComments();
        var token = scanner.ReadToken();
        scanner.SkipWhiteSpaceAndComments();
        return scanner.AtEnd ? token : null;
    }

    private static List<string>? ParseLanguages(string raw)
    {
        var scanner = new Rfc822Scanner(raw);
        var languages = new List<string>();
        scanner.SkipWhiteSpaceAndComments();
        while (scanner.ReadAtom() is { } language)
        {
            languages.Add(language);
            scanner.SkipWhiteSpaceAndComments();
            if (scanner.AtEnd || scanner.Current != ',')
            {
                break;
            }

            scanner.Position++;
            scanner.SkipWhiteSpaceAndComments();
        }

        return languages.Count > 0 ? languages : null;
    }

    /// <summary><c>*(";" name "=" value)</c>, then RFC 2231 continuations merged like Dovecot's rfc2231_parse.</summary>
    private static IReadOnlyList<MimeParameter> ParseParameters(Rfc822Scanner scanner)
    {
        var plain = new List<MimeParameter>();
        var continued = new List<(string Key, string Value, int Index, bool Extended, int Order)>();
        var index = 0;
        while (true)
        {
            scanner.SkipWhiteSpaceAndComments();
            if (scanner.AtEnd)
            {
                break;
            }

            if (scanner.Current != ';')
            {
                // Junk between parameters: resynchronise at the next ';'.
                scanner.Position++;
                continue;
            }

            scanner.Position++;
            scanner.SkipWhiteSpaceAndComments();
            var key = scanner.ReadToken();
            scanner.SkipWhiteSpaceAndComments();
            if (key is null || scanner.AtEnd || scanner.Current != '=')
            {
                continue;
            }

            scanner.Position++;
            scanner.SkipWhiteSpaceAndComments();
            var value = !scanner.AtEnd && scanner.Current == '"' ? scanner.ReadQuoted() : scanner.ReadToken() ?? string.Empty;

            var star = key.IndexOf('*', StringComparison.Ordinal);
            if (star < 0)
            {
                plain.Add(new MimeParameter(key, value));
                continue;
            }

            // Dovecot keeps the previous index when "name*" has no number of its own; reproduced for identical output.
            var p = star;
            if (p + 1 < key.Length)
            {
                p++;
                index = 0;
                while (p < key.Length && key[p] is >= '0' and <= '9')
                {
                    index = (index * 10) + (key[p] - '0');
                    p++;
                }
            }

            var extended = p < key.Length && key[p] == '*';
            if (extended)
            {
                p++;
            }

            if (p < key.Length)
            {
                plain.Add(new MimeParameter(key, value));
            }
            else
            {
                continued.Add((key[..star], value, index, extended, continued.Count));
            }
        }

        if (continued.Count == 0)
        {
            return plain;
        }

        continued.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Order.CompareTo(b.Order);
        });

        for (var i = 0; i < continued.Count;)
        {
            var ok = true;
            var anyExtended = false;
            var nextIndex = 0;
            var j = i;
            for (; j < continued.Count && continued[j].Key.Equals(continued[i].Key, StringComparison.OrdinalIgnoreCase); j++)
            {
                ok &= continued[j].Index == nextIndex;
                anyExtended |= continued[j].Extended;
                nextIndex++;
            }

            if (!ok)
            {
                for (var k = i; k < j; k++)
                {
                    var name = continued[k].Extended ? $"{continued[k].Key}*{continued[k].Index}*" : $"{continued[k].Key}*{continued[k].Index}";
                    plain.Add(new MimeParameter(name, continued[k].Value));
                }
            }
            else
            {
                var merged = new System.Text.StringBuilder();
                if (!continued[i].Extended && anyExtended)
                {
                    merged.Append("''");
                }

                for (var k = i; k < j; k++)
                {
                    merged.Append(!continued[k].Extended && anyExtended
                        ? continued[k].Value.Replace("%", "%25", StringComparison.Ordinal)
                        : continued[k].Value);
                }

                plain.Add(new MimeParameter(anyExtended ? continued[i].Key + "*" : continued[i].Key, merged.ToString()));
            }

            i = j;
        }

        return plain;
    }
}
