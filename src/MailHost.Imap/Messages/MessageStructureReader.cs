using System.Buffers;
using MimeKit;

namespace MailHost.Imap.Messages;

/// <summary>
/// Builds the <see cref="MessagePart"/> tree of a message file: MimeKit's parser (persistent, so content stays in the file and
/// attachments are never loaded into memory) finds the structure and the offsets; header blocks are then read back raw and
/// line ends counted in one more sequential pass, because IMAP reports both as they are on disk.
/// </summary>
internal static class MessageStructureReader
{
    public static async ValueTask<MessagePart> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        stream.Position = 0;
        var offsets = new Dictionary<MimeEntity, (long Begin, long HeadersEnd, long End)>(ReferenceEqualityComparer.Instance);
        var parser = new MimeParser(ParserOptions.Default, stream, MimeFormat.Entity, persistent: true);
        parser.MimeEntityBegin += (_, e) => offsets[e.Entity] = (e.BeginOffset, -1, -1);
        parser.MimeEntityEnd += (_, e) =>
        {
            var begin = offsets.TryGetValue(e.Entity, out var known) ? known.Begin : 0;
            offsets[e.Entity] = (begin, e.HeadersEndOffset, e.EndOffset);
        };

        var length = stream.Length;
        MimeMessage message;
        try
        {
            message = await parser.ParseMessageAsync(cancellationToken);
        }
        catch (FormatException)
        {
            // MimeKit refuses files that do not start with a header (empty files, junk lines). Dovecot still serves them:
            // everything up to the first blank line is the header, the rest one text/plain body.
            var headerEnd = await FindBlankLineEndAsync(stream, length, cancellationToken);
            var plain = await LineEndCounts.ScanAsync(stream, [0, headerEnd, length], cancellationToken);
            return await BuildAsync(stream, null, offsets, plain, (0, headerEnd, length), cancellationToken);
        }

        using var disposeMessage = message;
        var checkpoints = new List<long>((offsets.Count * 3) + 2) { 0, length };
        foreach (var (begin, headersEnd, end) in offsets.Values)
        {
            checkpoints.Add(Math.Clamp(begin, 0, length));
            checkpoints.Add(Math.Clamp(headersEnd, 0, length));
            checkpoints.Add(Math.Clamp(end, 0, length));
        }

        var lineEnds = await LineEndCounts.ScanAsync(stream, checkpoints, cancellationToken);
        if (message.Body is null || !offsets.TryGetValue(message.Body, out var rootOffsets))
        {
            // Nothing MimeKit could structure: the whole file is one header-less text body.
            return await BuildAsync(stream, null, offsets, lineEnds, (0, 0, length), cancellationToken);
        }

        // The root always spans the whole file, whatever MimeKit made of trailing junk.
        return await BuildAsync(stream, message.Body, offsets, lineEnds, (0, rootOffsets.HeadersEnd, length), cancellationToken);
    }

    private static async ValueTask<MessagePart> BuildAsync(
        Stream stream,
        MimeEntity? entity,
        Dictionary<MimeEntity, (long Begin, long HeadersEnd, long End)> offsets,
        LineEndCounts lineEnds,
        (long Begin, long HeadersEnd, long End) range,
        CancellationToken cancellationToken)
    {
        var length = stream.Length;
        range = (Math.Clamp(range.Begin, 0, length), range.HeadersEnd, Math.Clamp(range.End, 0, length));
        var headersEnd = Math.Clamp(range.HeadersEnd, range.Begin, range.End);
        var header = await ReadRangeAsync(stream, range.Begin, headersEnd - range.Begin, cancellationToken);
        var fields = RawHeaderParser.Parse(header);
        var mime = MimeFields.Parse(fields);
        var children = new List<MessagePart>();
        var kind = MessagePartKind.Leaf;
        switch (entity)
        {
            case Multipart multipart:
                kind = MessagePartKind.Multipart;
                foreach (var child in multipart)
                {
                    if (offsets.TryGetValue(child, out var childRange))
                    {
                        children.Add(await BuildAsync(stream, child, offsets, lineEnds, childRange, cancellationToken));
                    }
                }

                break;
            case MimeKit.MessagePart { Message: { } inner } when IsRfc822(mime):
                kind = MessagePartKind.Message;
                if (inner.Body is not null && offsets.TryGetValue(inner.Body, out var innerRange))
                {
                    children.Add(await BuildAsync(stream, inner.Body, offsets, lineEnds, (headersEnd, innerRange.HeadersEnd, range.End), cancellationToken));
                }

                break;
            default:
                // RFC 2046 forbids encoding message/rfc822, so MimeKit leaves a base64 one unparsed; the grammar still wants an
                // envelope and a body for it, which Dovecot sends empty.
                if (IsExplicitRfc822(mime))
                {
                    kind = MessagePartKind.Message;
                }

                break;
        }

        return new MessagePart(range.Begin, headersEnd, range.End, header, fields, mime, kind, children)
        {
            Lines = lineEnds.LineFeeds(headersEnd, range.End),
            HeaderBareLineFeeds = lineEnds.BareLineFeeds(range.Begin, headersEnd),
            BodyBareLineFeeds = lineEnds.BareLineFeeds(headersEnd, range.End),
        };
    }

    private static bool IsExplicitRfc822(MimeFields mime) => mime.Type is not null && IsRfc822(mime);

    // A message/rfc822 part without Content-Type only happens inside multipart/digest, where it is the default.
    private static bool IsRfc822(MimeFields mime) =>
        mime.Type is null ||
        (mime.Type.Equals("message", StringComparison.OrdinalIgnoreCase) && string.Equals(mime.Subtype, "rfc822", StringComparison.OrdinalIgnoreCase));

    public static async ValueTask<byte[]> ReadRangeAsync(Stream stream, long offset, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        stream.Position = offset;
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    private static async ValueTask<long> FindBlankLineEndAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        // Header blocks are small; a header-less file is searched for its first blank line within a bounded prefix.
        var prefix = await ReadRangeAsync(stream, 0, Math.Min(length, 1024 * 1024), cancellationToken);
        var span = prefix.AsSpan();
        var lineStart = 0;
        while (lineStart < span.Length)
        {
            var lf = span[lineStart..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                break;
            }

            var lineLength = lf;
            if (lineLength == 0 || (lineLength == 1 && span[lineStart] == (byte)'\r'))
            {
                return lineStart + lf + 1;
            }

            lineStart += lf + 1;
        }

        return length;
    }
}
