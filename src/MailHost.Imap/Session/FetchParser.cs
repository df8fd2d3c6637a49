using System.Text;
using MailHost.Imap.Messages;
using MailHost.Imap.Protocol;

namespace MailHost.Imap.Session;

/// <summary>FETCH attribute lists (RFC 9051 §6.4.5, RFC 3516 BINARY).</summary>
internal static class FetchParser
{
    private static readonly SectionSpec WholeMessage = new([], SectionKind.Full, []);
    private static readonly SectionSpec HeaderSection = new([], SectionKind.Header, []);
    private static readonly SectionSpec TextSection = new([], SectionKind.Text, []);

    public static bool TryRead(ref ImapReader reader, List<FetchItem> items, SectionCache? cache = null)
    {
        items.Clear();
        if (reader.TryConsume((byte)'('))
        {
            while (true)
            {
                if (!TryReadItem(ref reader, items, cache))
                {
                    return false;
                }

                if (reader.TryConsume((byte)')'))
                {
                    return true;
                }

                if (!reader.TryReadSpace())
                {
                    return false;
                }
            }
        }

        if (!reader.TryReadKeyword(out var name))
        {
            return false;
        }

        if (Ascii.EqualsIgnoreCase(name, "ALL"u8))
        {
            Add(items, FetchItemKind.Flags, FetchItemKind.InternalDate, FetchItemKind.Rfc822Size, FetchItemKind.Envelope);
            return true;
        }

        if (Ascii.EqualsIgnoreCase(name, "FAST"u8))
        {
            Add(items, FetchItemKind.Flags, FetchItemKind.InternalDate, FetchItemKind.Rfc822Size);
            return true;
        }

        if (Ascii.EqualsIgnoreCase(name, "FULL"u8))
        {
            Add(items, FetchItemKind.Flags, FetchItemKind.InternalDate, FetchItemKind.Rfc822Size, FetchItemKind.Envelope, FetchItemKind.Body);
            return true;
        }

        return TryReadNamed(ref reader, name, items, cache);
    }

    private static void Add(List<FetchItem> items, params ReadOnlySpan<FetchItemKind> kinds)
    {
        foreach (var kind in kinds)
        {
            items.Add(new FetchItem(kind, true, null, null, -1, 0));
        }
    }

    private static bool TryReadItem(ref ImapReader reader, List<FetchItem> items, SectionCache? cache) =>
        reader.TryReadKeyword(out var name) && TryReadNamed(ref reader, name, items, cache);

    private static bool TryReadNamed(ref ImapReader reader, ReadOnlySpan<byte> name, List<FetchItem> items, SectionCache? cache)
    {
        FetchItemKind kind;
        var peek = false;
        if (Ascii.EqualsIgnoreCase(name, "UID"u8))
        {
            kind = FetchItemKind.Uid;
        }
        else if (Ascii.EqualsIgnoreCase(name, "FLAGS"u8))
        {
            kind = FetchItemKind.Flags;
        }
        else if (Ascii.EqualsIgnoreCase(name, "INTERNALDATE"u8))
        {
            kind = FetchItemKind.InternalDate;
        }
        else if (Ascii.EqualsIgnoreCase(name, "RFC822.SIZE"u8))
        {
            kind = FetchItemKind.Rfc822Size;
        }
        else if (Ascii.EqualsIgnoreCase(name, "ENVELOPE"u8))
        {
            kind = FetchItemKind.Envelope;
        }
        else if (Ascii.EqualsIgnoreCase(name, "BODYSTRUCTURE"u8))
        {
            kind = FetchItemKind.BodyStructure;
        }
        else if (Ascii.EqualsIgnoreCase(name, "RFC822"u8))
        {
            items.Add(new FetchItem(FetchItemKind.Rfc822, false, WholeMessage, null, -1, 0));
            return true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "RFC822.HEADER"u8))
        {
            items.Add(new FetchItem(FetchItemKind.Rfc822Header, true, HeaderSection, null, -1, 0));
            return true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "RFC822.TEXT"u8))
        {
            items.Add(new FetchItem(FetchItemKind.Rfc822Text, false, TextSection, null, -1, 0));
            return true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "BODY"u8) || (peek = Ascii.EqualsIgnoreCase(name, "BODY.PEEK"u8)))
        {
            if (!reader.IsNext((byte)'['))
            {
                if (peek)
                {
                    return false;
                }

                kind = FetchItemKind.Body;
            }
            else
            {
                if (!TryReadCachedSection(ref reader, cache, out var section, out var text) || !TryReadPartial(ref reader, out var start, out var length))
                {
                    return false;
                }

                items.Add(new FetchItem(FetchItemKind.BodySection, peek, section, text, start, length));
                return true;
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, "BINARY"u8) || (peek = Ascii.EqualsIgnoreCase(name, "BINARY.PEEK"u8)) ||
                 Ascii.EqualsIgnoreCase(name, "BINARY.SIZE"u8))
        {
            var size = name.Length == 11 && !peek;
            if (!TryReadBinarySection(ref reader, out var section, out var text))
            {
                return false;
            }

            long start = -1, length = 0;
            if (!size && !TryReadPartial(ref reader, out start, out length))
            {
                return false;
            }

            items.Add(new FetchItem(size ? FetchItemKind.BinarySize : FetchItemKind.Binary, peek || size, section, text, start, length));
            return true;
        }
        else
        {
            return false;
        }

        items.Add(new FetchItem(kind, true, null, null, -1, 0));
        return true;
    }

    private static bool TryReadPartial(ref ImapReader reader, out long start, out long length)
    {
        start = -1;
        length = 0;
        if (!reader.TryConsume((byte)'<'))
        {
            return true;
        }

        if (!reader.TryReadNumber64(out start) || !reader.TryConsume((byte)'.') || !reader.TryReadNumber64(out length) || length == 0 ||
            !reader.TryConsume((byte)'>'))
        {
            return false;
        }

        return true;
    }

    private static bool TryReadBinarySection(ref ImapReader reader, out SectionSpec section, out string text)
    {
        section = WholeMessage;
        text = string.Empty;
        if (!reader.TryConsume((byte)'['))
        {
            return false;
        }

        var parts = new List<int>();
        while (!reader.TryConsume((byte)']'))
        {
            if (parts.Count > 0 && !reader.TryConsume((byte)'.'))
            {
                return false;
            }

            if (!reader.TryReadNumber(out var part) || part == 0 || part > int.MaxValue || parts.Count >= 32)
            {
                return false;
            }

            parts.Add((int)part);
        }

        section = new SectionSpec(parts, SectionKind.Full, []);
        text = string.Join('.', parts);
        return true;
    }

    /// <summary>Clients repeat the same sections on every FETCH; a hit skips parsing and allocation.</summary>
    private static bool TryReadCachedSection(ref ImapReader reader, SectionCache? cache, out SectionSpec section, out string text)
    {
        var unread = reader.UnreadSpan;
        var close = unread.IndexOf((byte)']');
        var raw = close > 0 && unread[0] == (byte)'[' ? unread[1..close] : default;
        var cacheable = cache is not null && close > 0 && raw.IndexOfAny((byte)'"', (byte)'{', (byte)'~') < 0;
        if (cacheable && cache!.TryGet(raw, out section, out text))
        {
            reader.Advance(close + 1);
            return true;
        }

        if (!TryReadSection(ref reader, out section, out text))
        {
            return false;
        }

        if (cacheable)
        {
            cache!.Add(raw, section, text);
        }

        return true;
    }

    private static bool TryReadSection(ref ImapReader reader, out SectionSpec section, out string text)
    {
        section = WholeMessage;
        text = string.Empty;
        if (!reader.TryConsume((byte)'['))
        {
            return false;
        }

        if (reader.TryConsume((byte)']'))
        {
            return true;
        }

        var parts = new List<int>();
        var builder = new StringBuilder();
        var kind = SectionKind.Full;
        var names = new List<string>();
        while (reader.TryPeek(out var b) && b is >= (byte)'0' and <= (byte)'9')
        {
            if (!reader.TryReadNumber(out var part) || part == 0 || part > int.MaxValue || parts.Count >= 32)
            {
                return false;
            }

            parts.Add((int)part);
            builder.Append(part);
            if (!reader.TryConsume((byte)'.'))
            {
                break;
            }

            builder.Append('.');
        }

        if (!reader.IsNext((byte)']'))
        {
            if (!reader.TryReadKeyword(out var spec))
            {
                return false;
            }

            builder.Append(Encoding.ASCII.GetString(spec).ToUpperInvariant());
            if (Ascii.EqualsIgnoreCase(spec, "HEADER"u8))
            {
                kind = SectionKind.Header;
            }
            else if (Ascii.EqualsIgnoreCase(spec, "TEXT"u8))
            {
                kind = SectionKind.Text;
            }
            else if (Ascii.EqualsIgnoreCase(spec, "MIME"u8) && parts.Count > 0)
            {
                kind = SectionKind.Mime;
            }
            else if (Ascii.EqualsIgnoreCase(spec, "HEADER.FIELDS"u8) || Ascii.EqualsIgnoreCase(spec, "HEADER.FIELDS.NOT"u8))
            {
                kind = spec.Length == 13 ? SectionKind.HeaderFields : SectionKind.HeaderFieldsNot;
                if (!reader.TryReadSpace() || !reader.TryConsume((byte)'('))
                {
                    return false;
                }

                builder.Append(" (");
                while (!reader.TryConsume((byte)')'))
                {
                    if (names.Count > 0 && !reader.TryReadSpace())
                    {
                        return false;
                    }

                    if (!reader.TryReadAString(out var field) || names.Count >= 256 || !field.IsCleanUtf8)
                    {
                        return false;
                    }

                    var fieldName = field.Decode();
                    if (names.Count > 0)
                    {
                        builder.Append(' ');
                    }

                    builder.Append(fieldName.ToUpperInvariant());
                    names.Add(fieldName);
                }

                if (names.Count == 0)
                {
                    return false;
                }

                builder.Append(')');
            }
            else
            {
                return false;
            }
        }
        else if (parts.Count > 0 && builder[^1] == '.')
        {
            return false;
        }

        if (!reader.TryConsume((byte)']'))
        {
            return false;
        }

        section = new SectionSpec(parts, kind, names);
        text = builder.ToString();
        return true;
    }
}
