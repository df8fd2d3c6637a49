using System.Buffers;

namespace MailHost.Imap.Messages;

/// <summary>BODY and BODYSTRUCTURE (RFC 9051 §7.5.2) with Dovecot's choices where the RFC leaves room.</summary>
internal static class BodyStructureWriter
{
    // A multipart without parts is not allowed; Dovecot reports one empty text part instead.
    private const string EmptyBody = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0";
    private const string DefaultCharset = "us-ascii";

    public static void Write(ArrayBufferWriter<byte> writer, MessagePart part, bool extended)
    {
        if (part.Kind == MessagePartKind.Multipart)
        {
            WriteMultipart(writer, part, extended);
            return;
        }

        var mime = part.Mime;
        ImapStrings.WriteByte(writer, (byte)'(');
        var text = false;
        if (part.Kind == MessagePartKind.Message)
        {
            ImapStrings.WriteAscii(writer, "\"message\" \"rfc822\" ");
            WriteParameters(writer, mime.Parameters, defaultCharset: false);
        }
        else
        {
            text = mime.IsText;
            if (mime.Type is null)
            {
                ImapStrings.WriteAscii(writer, "\"text\" \"plain\"");
            }
            else
            {
                ImapStrings.WriteNString(writer, mime.Type);
                ImapStrings.WriteByte(writer, (byte)' ');
                ImapStrings.WriteNString(writer, mime.Subtype);
            }

            ImapStrings.WriteByte(writer, (byte)' ');
            WriteParameters(writer, mime.Parameters, text);
        }

        ImapStrings.WriteByte(writer, (byte)' ');
        ImapStrings.WriteNStringNoLineBreaks(writer, mime.Id);
        ImapStrings.WriteByte(writer, (byte)' ');
        ImapStrings.WriteNStringNoLineBreaks(writer, mime.Description);
        ImapStrings.WriteByte(writer, (byte)' ');
        if (mime.TransferEncoding is null)
        {
            ImapStrings.WriteAscii(writer, "\"7bit\"");
        }
        else
        {
            ImapStrings.WriteNString(writer, mime.TransferEncoding);
        }

        ImapStrings.WriteByte(writer, (byte)' ');
        ImapStrings.WriteNumber(writer, part.WireBodyLength);
        if (text)
        {
            ImapStrings.WriteByte(writer, (byte)' ');
            ImapStrings.WriteNumber(writer, part.Lines);
        }
        else if (part.Kind == MessagePartKind.Message)
        {
            ImapStrings.WriteByte(writer, (byte)' ');
            if (part.Children.Count > 0)
            {
                EnvelopeWriter.Write(writer, part.Children[0].Fields);
                ImapStrings.WriteByte(writer, (byte)' ');
                Write(writer, part.Children[0], extended);
            }
            else
            {
                ImapStrings.WriteAscii(writer, "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ");
                WriteEmptyBody(writer, extended);
            }

            ImapStrings.WriteByte(writer, (byte)' ');
            ImapStrings.WriteNumber(writer, part.Lines);
        }

        if (extended)
        {
            ImapStrings.WriteByte(writer, (byte)' ');
            ImapStrings.WriteNStringNoLineBreaks(writer, mime.Md5);
            WriteCommonExtension(writer, mime);
        }

        ImapStrings.WriteByte(writer, (byte)')');
    }

    private static void WriteMultipart(ArrayBufferWriter<byte> writer, MessagePart part, bool extended)
    {
        var mime = part.Mime;
        ImapStrings.WriteByte(writer, (byte)'(');
        if (part.Children.Count == 0)
        {
            WriteEmptyBody(writer, extended);
        }

        foreach (var child in part.Children)
        {
            Write(writer, child, extended);
        }

        ImapStrings.WriteByte(writer, (byte)' ');
        ImapStrings.WriteNString(writer, mime.Subtype ?? "mixed");
        if (extended)
        {
            ImapStrings.WriteByte(writer, (byte)' ');
            WriteParameters(writer, mime.Parameters, defaultCharset: false);
            WriteCommonExtension(writer, mime);
        }

        ImapStrings.WriteByte(writer, (byte)')');
    }

    private static void WriteEmptyBody(ArrayBufferWriter<byte> writer, bool extended)
    {
        ImapStrings.WriteAscii(writer, EmptyBody);
        ImapStrings.WriteAscii(writer, extended ? " NIL NIL NIL NIL)" : ")");
    }

    /// <summary>body-fld-dsp, body-fld-lang and body-fld-loc.</summary>
    private static void WriteCommonExtension(ArrayBufferWriter<byte> writer, MimeFields mime)
    {
        ImapStrings.WriteByte(writer, (byte)' ');
        if (mime.Disposition is null)
        {
            ImapStrings.WriteAscii(writer, "NIL");
        }
        else
        {
            ImapStrings.WriteByte(writer, (byte)'(');
            ImapStrings.WriteNString(writer, mime.Disposition);
            ImapStrings.WriteByte(writer, (byte)' ');
            WriteParameters(writer, mime.DispositionParameters, defaultCharset: false);
            ImapStrings.WriteByte(writer, (byte)')');
        }

        ImapStrings.WriteByte(writer, (byte)' ');
        if (mime.Languages is null)
        {
            ImapStrings.WriteAscii(writer, "NIL");
        }
        else
        {
            ImapStrings.WriteByte(writer, (byte)'(');
            for (var i = 0; i < mime.Languages.Count; i++)
            {
                if (i > 0)
                {
                    ImapStrings.WriteByte(writer, (byte)' ');
                }

                ImapStrings.WriteNString(writer, mime.Languages[i]);
            }

            ImapStrings.WriteByte(writer, (byte)')');
        }

        ImapStrings.WriteByte(writer, (byte)' ');
        ImapStrings.WriteNStringNoLineBreaks(writer, mime.Location);
    }

    /// <summary>Parameter list; text parts always get a charset (us-ascii when absent, RFC 2045 §5.2), other parts NIL when empty.</summary>
    private static void WriteParameters(ArrayBufferWriter<byte> writer, IReadOnlyList<MimeParameter> parameters, bool defaultCharset)
    {
        if (!defaultCharset && parameters.Count == 0)
        {
            ImapStrings.WriteAscii(writer, "NIL");
            return;
        }

        ImapStrings.WriteByte(writer, (byte)'(');
        var seenCharset = false;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
            {
                ImapStrings.WriteByte(writer, (byte)' ');
            }

            seenCharset |= parameters[i].Name.Equals("charset", StringComparison.OrdinalIgnoreCase);
            ImapStrings.WriteNString(writer, parameters[i].Name);
            ImapStrings.WriteByte(writer, (byte)' ');
            ImapStrings.WriteNString(writer, parameters[i].Value);
        }

        if (defaultCharset && !seenCharset)
        {
            if (parameters.Count > 0)
            {
                ImapStrings.WriteByte(writer, (byte)' ');
            }

            ImapStrings.WriteAscii(writer, "\"charset\" \"" + DefaultCharset + "\"");
        }

        ImapStrings.WriteByte(writer, (byte)')');
    }
}
