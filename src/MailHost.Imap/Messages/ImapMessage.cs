using System.Buffers;

namespace MailHost.Imap.Messages;

/// <summary>
/// What FETCH and SEARCH need of one stored message, computed once with MimeKit from the message file and cacheable per
/// mailbox: ENVELOPE and BODYSTRUCTURE as ready IMAP bytes, section locations, and search predicates.
/// </summary>
/// <remarks>
/// Only the MIME tree (offsets, raw header blocks, Content-* fields) is kept; bodies stay in the file, so the stream passed to
/// the methods that read content must be the same file. A file with bare LF line ends (Dovecot stores mail that way) is
/// reported like Dovecot does, with CRLF sizes; its sections carry <see cref="SectionContent.BareLineFeeds"/> and are sent
/// converted through <see cref="OpenSection"/>.
/// </remarks>
public sealed class ImapMessage
{
    private readonly MessagePart root;
    private IReadOnlyList<(string Name, string Value)>? decodedHeader;

    private ImapMessage(MessagePart root, ReadOnlyMemory<byte> envelope, ReadOnlyMemory<byte> body, ReadOnlyMemory<byte> bodyStructure)
    {
        this.root = root;
        Envelope = envelope;
        Body = body;
        BodyStructure = bodyStructure;
        SentDate = SentDateParser.Parse(root.Fields);
    }

    /// <summary>ENVELOPE value, parenthesised, as sent on the wire.</summary>
    public ReadOnlyMemory<byte> Envelope { get; private init; }

    /// <summary>BODYSTRUCTURE value (with extension data).</summary>
    public ReadOnlyMemory<byte> BodyStructure { get; private init; }

    /// <summary>BODY value (no extension data).</summary>
    public ReadOnlyMemory<byte> Body { get; private init; }

    /// <summary>Date: header, for SENTBEFORE/SENTON/SENTSINCE; null when missing or unparsable.</summary>
    public DateTimeOffset? SentDate { get; private init; }

    /// <summary>RFC822.SIZE: octets as sent, i.e. the file size with every bare LF counted as CRLF (Maildir's W= value).</summary>
    public long Size => root.End + root.HeaderBareLineFeeds + root.BodyBareLineFeeds;

    /// <summary>BODY[] / RFC822: the whole file, with its bare LFs counted so that it is sent as <see cref="Size"/> octets.</summary>
    public SectionContent WholeMessage => FileRange(0, root.End, root.HeaderBareLineFeeds + root.BodyBareLineFeeds);

    /// <summary>Rough number of bytes this object keeps alive, for cache accounting.</summary>
    public long RetainedBytes { get; private init; }

    /// <summary>Parses a seekable message stream (the stream is not kept).</summary>
    public static async ValueTask<ImapMessage> LoadAsync(Stream message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var root = await MessageStructureReader.ReadAsync(message, cancellationToken);

        var writer = new ArrayBufferWriter<byte>(256);
        EnvelopeWriter.Write(writer, root.Fields);
        var envelope = writer.WrittenSpan.ToArray();

        writer.ResetWrittenCount();
        BodyStructureWriter.Write(writer, root, extended: false);
        var body = writer.WrittenSpan.ToArray();

        writer.ResetWrittenCount();
        BodyStructureWriter.Write(writer, root, extended: true);
        var bodyStructure = writer.WrittenSpan.ToArray();

        return new ImapMessage(root, envelope, body, bodyStructure)
        {
            // Header blocks are kept as bytes and again as parsed field strings (two bytes a char).
            RetainedBytes = envelope.Length + body.Length + bodyStructure.Length + (3 * HeaderBytes(root)),
        };
    }

    /// <summary>Null when the part does not exist (the caller answers with an empty string, as Dovecot does).</summary>
    public SectionContent? GetSection(SectionSpec section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section.Part.Count == 0)
        {
            return section.Kind switch
            {
                SectionKind.Full => WholeMessage,
                SectionKind.Header => HeaderRange(root),
                SectionKind.Text => BodyRange(root),
                SectionKind.HeaderFields => Materialised(HeaderFieldFilter.Select(root, section.FieldNames, include: true)),
                SectionKind.HeaderFieldsNot => Materialised(HeaderFieldFilter.Select(root, section.FieldNames, include: false)),
                _ => null,
            };
        }

        var (part, enteredMessage) = Resolve(section.Part, section.Kind);
        if (part is null)
        {
            return null;
        }

        return section.Kind switch
        {
            SectionKind.Full => BodyRange(part),
            SectionKind.Mime => HeaderRange(part),
            SectionKind.Header when enteredMessage => HeaderRange(part),
            SectionKind.Text when enteredMessage => BodyRange(part),
            SectionKind.HeaderFields when enteredMessage => Materialised(HeaderFieldFilter.Select(part, section.FieldNames, include: true)),
            SectionKind.HeaderFieldsNot when enteredMessage => Materialised(HeaderFieldFilter.Select(part, section.FieldNames, include: false)),
            _ => null,
        };
    }

    /// <summary>BINARY[part]: decoded content; null when the part does not exist; throws <see cref="InvalidDataException"/> for an unknown
    /// Content-Transfer-Encoding (the caller answers <c>NO [UNKNOWN-CTE]</c>).</summary>
    public async ValueTask<SectionContent?> GetBinaryAsync(Stream message, IReadOnlyList<int> part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(part);
        if (part.Count == 0)
        {
            return FileRange(0, root.End, 0);
        }

        var (found, _) = Resolve(part, SectionKind.Full);
        if (found is null)
        {
            return null;
        }

        var encoding = found.Kind == MessagePartKind.Multipart ? null : found.Mime.TransferEncoding;
        switch (TransferEncodings.Classify(encoding))
        {
            case TransferEncodingKind.Identity:
                return FileRange(found.BodyStart, found.BodyLength, 0);
            case TransferEncodingKind.Base64:
            case TransferEncodingKind.QuotedPrintable:
                var decoded = await PartDecoder.DecodeAsync(message, found, cancellationToken);
                return new SectionContent(false, 0, decoded.Length, decoded);
            default:
                throw new InvalidDataException($"Unknown Content-Transfer-Encoding '{encoding}'.");
        }
    }

    /// <summary>
    /// BINARY.SIZE[part] without keeping the decoded content: decodes in a streaming pass and counts. Null when the part does
    /// not exist; <see cref="InvalidDataException"/> for an unknown Content-Transfer-Encoding.
    /// </summary>
    public async ValueTask<long?> GetBinarySizeAsync(Stream message, IReadOnlyList<int> part, CancellationToken cancellationToken)
    {
        var decoded = OpenBinary(message, part);
        if (decoded is null)
        {
            return null;
        }

        await using (decoded)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                long total = 0;
                int read;
                while ((read = await decoded.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                }

                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// BINARY[part] as a decoding stream over <paramref name="message"/> (which must stay open while it is read), for big parts
    /// that should not be materialised: send <see cref="GetBinarySizeAsync"/> as the literal length, then copy this stream.
    /// Null when the part does not exist; <see cref="InvalidDataException"/> for an unknown Content-Transfer-Encoding.
    /// </summary>
    public Stream? OpenBinary(Stream message, IReadOnlyList<int> part)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(part);
        var found = part.Count == 0 ? root : Resolve(part, SectionKind.Full).Part;
        if (found is null)
        {
            return null;
        }

        if (part.Count == 0 || found.Kind == MessagePartKind.Multipart)
        {
            return new MimeKit.IO.BoundStream(message, part.Count == 0 ? 0 : found.BodyStart, found.End, leaveOpen: true);
        }

        var encoding = found.Mime.TransferEncoding;
        return TransferEncodings.Classify(encoding) == TransferEncodingKind.Unknown
            ? throw new InvalidDataException($"Unknown Content-Transfer-Encoding '{encoding}'.")
            : PartDecoder.OpenDecoded(message, found);
    }

    /// <summary>HEADER field search: case-insensitive substring of the decoded header value; empty value matches any message with the field.</summary>
    /// <remarks>Values are unfolded and RFC 2047-decoded, then compared like Dovecot's i;unicode-casemap (see <see cref="SearchFolding"/>).</remarks>
    public bool HeaderContains(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        var folded = SearchFolding.Fold(value);
        foreach (var (name, decoded) in DecodedHeader)
        {
            if (name.Length > 0 && name.Equals(field, StringComparison.OrdinalIgnoreCase) &&
                (value.Length == 0 || decoded.Contains(folded, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>BODY (body only) or TEXT (headers and body) search, MIME-decoded and charset-aware, case-insensitive.</summary>
    /// <remarks>Only text/* parts (and the headers of attached messages) are searched; other attachments are skipped, as Dovecot
    /// does without full-text indexes. Text is decoded in chunks, so memory stays bounded for big parts.</remarks>
    public async ValueTask<bool> ContainsTextAsync(Stream message, string value, bool includeHeaders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return true;
        }

        var folded = SearchFolding.Fold(value);
        if (includeHeaders && HeaderTextContains(DecodedHeader, folded))
        {
            return true;
        }

        return await TextSearcher.ContainsAsync(message, root, folded, cancellationToken);
    }

    internal MessagePart Root => root;

    private IReadOnlyList<(string Name, string Value)> DecodedHeader => decodedHeader ??= HeaderDecoder.Decode(root.Fields);

    /// <summary>Whether a folded header (values from <see cref="HeaderDecoder"/>) contains the folded <paramref name="value"/>.</summary>
    internal static bool HeaderTextContains(IReadOnlyList<(string Name, string Value)> header, string value)
    {
        foreach (var (name, decoded) in header)
        {
            if (decoded.Contains(value, StringComparison.Ordinal) ||
                (SearchFolding.Fold(name) + ": " + decoded).Contains(value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Finds a part the way Dovecot does: a number selects a child of a multipart, 1 selects a non-multipart part itself (as
    /// the last number, or to go on into a message/rfc822), and a message/rfc822 part is entered when more numbers, HEADER or
    /// TEXT follow.
    /// </summary>
    private (MessagePart? Part, bool EnteredMessage) Resolve(IReadOnlyList<int> path, SectionKind kind)
    {
        MessagePart? part = root;
        var entered = false;
        for (var i = 0; i < path.Count && part is not null; i++)
        {
            var number = path[i];
            if (part.Kind == MessagePartKind.Multipart)
            {
                part = number >= 1 && number <= part.Children.Count ? part.Children[number - 1] : null;
            }
            else if (number != 1 || (i < path.Count - 1 && part.Kind != MessagePartKind.Message))
            {
                // A non-multipart part has only part 1 (itself), and only a message/rfc822 part has parts below that.
                part = null;
            }

            entered = false;
            var wantsMessage = i < path.Count - 1 || kind is SectionKind.Header or SectionKind.HeaderFields or SectionKind.HeaderFieldsNot or SectionKind.Text;
            if (part is { Kind: MessagePartKind.Message } && wantsMessage)
            {
                part = part.Children.Count > 0 ? part.Children[0] : null;
                entered = true;
            }
        }

        return (part, entered);
    }

    /// <summary>
    /// The wire bytes of a section: the materialised bytes, or the file range with bare LFs turned into CRLF when it has any.
    /// <paramref name="message"/> must stay open while the returned stream is read.
    /// </summary>
    public static Stream OpenSection(Stream message, SectionContent section)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!section.IsFileRange)
        {
            return new MemoryStream(section.Bytes.ToArray(), writable: false);
        }

        var range = new MimeKit.IO.BoundStream(message, section.Offset, section.Offset + section.Length, leaveOpen: true);
        if (section.BareLineFeeds == 0)
        {
            return range;
        }

        var converted = new MimeKit.IO.FilteredStream(range);
        converted.Add(new MimeKit.IO.Filters.Unix2DosFilter());
        return converted;
    }

    private static SectionContent FileRange(long offset, long length, long bareLineFeeds) =>
        new(true, offset, length, ReadOnlyMemory<byte>.Empty) { BareLineFeeds = bareLineFeeds };

    /// <summary>
    /// A header block is kept in memory anyway (raw, as read from the file): answered from there when it is exactly the file's
    /// bytes (no bare LF to convert), so a FETCH of headers from cached messages opens no message file.
    /// </summary>
    private static SectionContent HeaderRange(MessagePart part) =>
        part.HeaderBareLineFeeds == 0 && part.Header.Length == part.HeaderLength
            ? new SectionContent(false, 0, part.HeaderLength, part.Header)
            : FileRange(part.HeaderStart, part.HeaderLength, part.HeaderBareLineFeeds);

    private static SectionContent BodyRange(MessagePart part) => FileRange(part.BodyStart, part.BodyLength, part.BodyBareLineFeeds);

    private static SectionContent Materialised(byte[] bytes) => new(false, 0, bytes.Length, bytes);

    private static long HeaderBytes(MessagePart part)
    {
        var total = (long)part.Header.Length;
        foreach (var child in part.Children)
        {
            total += HeaderBytes(child);
        }

        return total;
    }
}
