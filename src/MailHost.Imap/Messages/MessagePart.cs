namespace MailHost.Imap.Messages;

/// <summary>
/// One node of a message's MIME tree, Dovecot style: the root is the message itself (its header is the message header), a
/// message/rfc822 part has the encapsulated message as its only child. Offsets are file positions: the header runs from
/// <see cref="HeaderStart"/> to <see cref="BodyStart"/> (blank line included), the body from <see cref="BodyStart"/> to
/// <see cref="End"/> (the line break before a boundary excluded).
/// </summary>
internal sealed class MessagePart(
    long headerStart,
    long bodyStart,
    long end,
    ReadOnlyMemory<byte> header,
    IReadOnlyList<RawHeaderField> fields,
    MimeFields mime,
    MessagePartKind kind,
    IReadOnlyList<MessagePart> children)
{
    public long HeaderStart { get; } = headerStart;

    public long BodyStart { get; } = bodyStart;

    public long End { get; } = end;

    public ReadOnlyMemory<byte> Header { get; } = header;

    public IReadOnlyList<RawHeaderField> Fields { get; } = fields;

    public MimeFields Mime { get; } = mime;

    public MessagePartKind Kind { get; } = kind;

    public IReadOnlyList<MessagePart> Children { get; } = children;

    /// <summary>Line feeds in the body; reported for text parts and message/rfc822 parts.</summary>
    public int Lines { get; init; }

    /// <summary>LFs without CR in the header block; each is sent as CRLF.</summary>
    public long HeaderBareLineFeeds { get; init; }

    /// <summary>LFs without CR in the body; each is sent as CRLF.</summary>
    public long BodyBareLineFeeds { get; init; }

    public long BodyLength => End - BodyStart;

    public long HeaderLength => BodyStart - HeaderStart;

    /// <summary>Body size as sent (bare LFs counted as CRLF), what BODYSTRUCTURE reports, like Dovecot's virtual size.</summary>
    public long WireBodyLength => BodyLength + BodyBareLineFeeds;
}
