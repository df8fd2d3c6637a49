using System.Buffers;

namespace MailHost.Imap.Messages;

/// <summary>
/// BODY/TEXT search over the decoded text of a message: text/* parts are decoded (transfer encoding, then charset to Unicode)
/// and scanned chunk by chunk with an overlap, so a match across chunk borders is found and memory stays bounded; headers of
/// attached messages count as body text; non-text attachments are skipped.
/// </summary>
internal static class TextSearcher
{
    private const int ChunkChars = 16 * 1024;

    public static async ValueTask<bool> ContainsAsync(Stream message, MessagePart part, string value, CancellationToken cancellationToken)
    {
        switch (part.Kind)
        {
            case MessagePartKind.Multipart:
                foreach (var child in part.Children)
                {
                    if (await ContainsAsync(message, child, value, cancellationToken))
                    {
                        return true;
                    }
                }

                return false;
            case MessagePartKind.Message:
                if (part.Children.Count == 0)
                {
                    return false;
                }

                var inner = part.Children[0];
                return ImapMessage.HeaderTextContains(HeaderDecoder.Decode(inner.Fields), value) ||
                    await ContainsAsync(message, inner, value, cancellationToken);
            default:
                return part.Mime.IsText && await LeafContainsAsync(message, part, value, cancellationToken);
        }
    }

    private static async ValueTask<bool> LeafContainsAsync(Stream message, MessagePart part, string value, CancellationToken cancellationToken)
    {
        await using var decoded = PartDecoder.OpenDecoded(message, part);
        using var reader = new StreamReader(decoded, PartDecoder.TextEncoding(part), detectEncodingFromByteOrderMarks: false);
        var keep = value.Length - 1;
        var buffer = ArrayPool<char>.Shared.Rent(ChunkChars + keep);
        try
        {
            var carried = 0;
            while (true)
            {
                var read = await reader.ReadAsync(buffer.AsMemory(carried, ChunkChars), cancellationToken);
                if (read == 0)
                {
                    return false;
                }

                var filled = carried + read;
                if (buffer.AsSpan(0, filled).IndexOf(value.AsSpan(), StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }

                carried = Math.Min(keep, filled);
                buffer.AsSpan(filled - carried, carried).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
