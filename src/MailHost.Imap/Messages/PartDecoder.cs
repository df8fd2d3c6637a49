using System.Text;
using MimeKit.Encodings;
using MimeKit.IO;
using MimeKit.IO.Filters;

namespace MailHost.Imap.Messages;

/// <summary>Streams a part's body out of the message file with its Content-Transfer-Encoding (and, for text, charset) undone.</summary>
internal static class PartDecoder
{
    static PartDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The decoded octets of a base64 or quoted-printable part (BINARY).</summary>
    public static async ValueTask<byte[]> DecodeAsync(Stream message, MessagePart part, CancellationToken cancellationToken)
    {
        using var decoded = OpenDecoded(message, part);
        using var buffer = new MemoryStream();
        await decoded.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Body octets with the transfer encoding removed; unknown encodings pass through unchanged (search is best effort).</summary>
    public static Stream OpenDecoded(Stream message, MessagePart part)
    {
        var bound = new BoundStream(message, part.BodyStart, part.End, leaveOpen: true);
        IMimeDecoder? decoder = TransferEncodings.Classify(part.Mime.TransferEncoding) switch
        {
            TransferEncodingKind.Base64 => new Base64Decoder(),
            TransferEncodingKind.QuotedPrintable => new QuotedPrintableDecoder(),
            _ => null,
        };

        if (decoder is null)
        {
            return bound;
        }

        var filtered = new FilteredStream(bound);
        filtered.Add(new DecoderFilter(decoder));
        return filtered;
    }

    /// <summary>The part's declared charset, falling back to UTF-8 (invalid octets become U+FFFD) when absent or unknown.</summary>
    public static Encoding TextEncoding(MessagePart part)
    {
        foreach (var parameter in part.Mime.Parameters)
        {
            if (parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase) && parameter.Value.Length > 0)
            {
                try
                {
                    return Encoding.GetEncoding(parameter.Value.Trim());
                }
                catch (ArgumentException)
                {
                    // Unknown charset name: searching the text as UTF-8 is the best remaining guess.
                    return Encoding.UTF8;
                }
            }
        }

        return Encoding.UTF8;
    }
}
