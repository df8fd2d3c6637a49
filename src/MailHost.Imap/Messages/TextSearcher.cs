using System.Buffers;

namespace MailHost.Imap.Messages;

/// <summary>
/// BODY/TEXT search over the decoded text of a message: text/* parts are decoded (transfer encoding, then charset to Unicode),
/// folded (<see cref="SearchFolding"/>) and scanned chunk by chunk with an overlap, so a match across chunk borders is found and
/// memory stays bounded; headers of attached messages count as body text; non-text attachments are skipped. The value searched
/// for arrives folded.
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
        var buffer = ArrayPool<char>.Shared.Rent(ChunkChars);
        try
        {
            // The folded tail of the previous chunk is kept so that a match across the chunk border is still found.
            var carried = string.Empty;
            var pending = 0;
            while (true)
            {
                var read = await reader.ReadAsync(buffer.AsMemory(pending, ChunkChars - pending), cancellationToken);
                if (read == 0)
                {
                    return false;
                }

                // A surrogate pair split by the read is completed by the next one before folding.
                var available = pending + read;
                var usable = char.IsHighSurrogate(buffer[available - 1]) && available > 1 ? available - 1 : available;
                var text = carried + SearchFolding.Fold(buffer.AsSpan(0, usable));
                pending = available - usable;
                if (pending > 0)
                {
                    buffer[0] = buffer[available - 1];
                }

                if (text.Contains(value, StringComparison.Ordinal))
                {
                    return true;
                }

                carried = text[Math.Max(0, text.Length - (value.Length - 1))..];
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
