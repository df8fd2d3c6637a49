namespace MailHost.Imap.Messages;

/// <summary>
/// What FETCH and SEARCH need of one stored message, computed once with MimeKit from the message file and cacheable per
/// mailbox: ENVELOPE and BODYSTRUCTURE as ready IMAP bytes, section locations, and search predicates.
/// </summary>
public sealed class ImapMessage
{
    private ImapMessage()
    {
    }

    /// <summary>ENVELOPE value, parenthesised, as sent on the wire.</summary>
    public ReadOnlyMemory<byte> Envelope { get; private init; }

    /// <summary>BODYSTRUCTURE value (with extension data).</summary>
    public ReadOnlyMemory<byte> BodyStructure { get; private init; }

    /// <summary>BODY value (no extension data).</summary>
    public ReadOnlyMemory<byte> Body { get; private init; }

    /// <summary>Date: header, for SENTBEFORE/SENTON/SENTSINCE; null when missing or unparsable.</summary>
    public DateTimeOffset? SentDate { get; private init; }

    /// <summary>Parses a seekable message stream (the stream is not kept).</summary>
    public static ValueTask<ImapMessage> LoadAsync(Stream message, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Filled in by the IMAP message rendering work.");

    /// <summary>Null when the part does not exist (the caller answers with an empty string, as Dovecot does).</summary>
    public SectionContent? GetSection(SectionSpec section) => throw new NotSupportedException();

    /// <summary>BINARY[part]: decoded content; null when the part does not exist; throws <see cref="InvalidDataException"/> for an unknown
    /// Content-Transfer-Encoding (the caller answers <c>NO [UNKNOWN-CTE]</c>).</summary>
    public ValueTask<SectionContent?> GetBinaryAsync(Stream message, IReadOnlyList<int> part, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    /// <summary>HEADER field search: case-insensitive substring of the decoded header value; empty value matches any message with the field.</summary>
    public bool HeaderContains(string field, string value) => throw new NotSupportedException();

    /// <summary>BODY (body only) or TEXT (headers and body) search, MIME-decoded and charset-aware, case-insensitive.</summary>
    public ValueTask<bool> ContainsTextAsync(Stream message, string value, bool includeHeaders, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
