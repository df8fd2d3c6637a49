using System.Buffers;

namespace MailHost.Imap.Messages;

/// <summary>
/// ENVELOPE (RFC 9051 §7.5.2) from raw header fields, byte-compatible with Dovecot: the last occurrence of a field wins, Date,
/// In-Reply-To and Message-ID are sent raw, Subject and display names as "strings for humans", Sender and Reply-To fall back to
/// From, and an address field without any address is NIL.
/// </summary>
internal static class EnvelopeWriter
{
    public static void Write(ArrayBufferWriter<byte> writer, IReadOnlyList<RawHeaderField> header)
    {
        string? date = null, subject = null, inReplyTo = null, messageId = null;
        List<EnvelopeAddress>? from = null, sender = null, replyTo = null, to = null, cc = null, bcc = null;
        foreach (var field in header)
        {
            switch (field.Name.ToUpperInvariant())
            {
                case "DATE":
                    date = field.RawValue;
                    break;
                case "SUBJECT":
                    subject = field.RawValue;
                    break;
                case "IN-REPLY-TO":
                    inReplyTo = field.RawValue;
                    break;
                case "MESSAGE-ID":
                    messageId = field.RawValue;
                    break;
                case "FROM":
                    from = Addresses(field.RawValue);
                    break;
                case "SENDER":
                    sender = Addresses(field.RawValue);
                    break;
                case "REPLY-TO":
                    replyTo = Addresses(field.RawValue);
                    break;
                case "TO":
                    to = Addresses(field.RawValue);
                    break;
                case "CC":
                    cc = Addresses(field.RawValue);
                    break;
                case "BCC":
                    bcc = Addresses(field.RawValue);
                    break;
                default:
                    break;
            }
        }

        ImapStrings.WriteByte(writer, (byte)'(');
        ImapStrings.WriteNStringNoLineBreaks(writer, date);
        ImapStrings.WriteByte(writer, (byte)' ');
        if (subject is null)
        {
            ImapStrings.WriteAscii(writer, "NIL");
        }
        else
        {
            ImapStrings.WriteForHumans(writer, subject);
        }

        foreach (var list in (ReadOnlySpan<List<EnvelopeAddress>?>)[from, sender ?? from, replyTo ?? from, to, cc, bcc])
        {
            ImapStrings.WriteByte(writer, (byte)' ');
            WriteAddresses(writer, list);
        }

        ImapStrings.WriteByte(writer, (byte)' ');
        ImapStrings.WriteNStringNoLineBreaks(writer, inReplyTo);
        ImapStrings.WriteByte(writer, (byte)' ');
        ImapStrings.WriteNStringNoLineBreaks(writer, messageId);
        ImapStrings.WriteByte(writer, (byte)')');
    }

    private static List<EnvelopeAddress>? Addresses(string raw)
    {
        var list = AddressListParser.Parse(raw);
        return list.Count > 0 ? list : null;
    }

    private static void WriteAddresses(ArrayBufferWriter<byte> writer, List<EnvelopeAddress>? list)
    {
        if (list is null)
        {
            ImapStrings.WriteAscii(writer, "NIL");
            return;
        }

        ImapStrings.WriteByte(writer, (byte)'(');
        foreach (var address in list)
        {
            ImapStrings.WriteByte(writer, (byte)'(');
            if (address.Name is null)
            {
                ImapStrings.WriteAscii(writer, "NIL");
            }
            else
            {
                ImapStrings.WriteForHumans(writer, address.Name);
            }

            ImapStrings.WriteByte(writer, (byte)' ');
            ImapStrings.WriteNString(writer, address.Route);
            ImapStrings.WriteByte(writer, (byte)' ');
            ImapStrings.WriteNString(writer, address.Mailbox);
            ImapStrings.WriteByte(writer, (byte)' ');
            ImapStrings.WriteNString(writer, address.Domain);
            ImapStrings.WriteByte(writer, (byte)')');
        }

        ImapStrings.WriteByte(writer, (byte)')');
    }
}
