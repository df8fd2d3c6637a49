namespace MailHost.Imap.Messages;

/// <summary>
/// Where a section's bytes are: a range of the message file (<see cref="IsFileRange"/>, copy <see cref="Length"/> bytes from
/// <see cref="Offset"/>; big bodies are never materialised) or bytes built in memory (<see cref="Bytes"/>, e.g. HEADER.FIELDS or
/// decoded BINARY content).
/// </summary>
/// <remarks>
/// A file stored with Unix line ends (Dovecot's default) has bare LFs, which IMAP sends as CRLF: then
/// <see cref="BareLineFeeds"/> is non-zero, the literal is <see cref="WireLength"/> octets, and
/// <see cref="ImapMessage.OpenSection"/> yields the converted bytes (apply a partial &lt;o.n&gt; to those).
/// </remarks>
public readonly record struct SectionContent(bool IsFileRange, long Offset, long Length, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>LFs without a preceding CR inside a file range; each goes on the wire as CRLF.</summary>
    public long BareLineFeeds { get; init; }

    /// <summary>Octets to announce in the literal: <see cref="Length"/> plus one CR per bare LF.</summary>
    public long WireLength => Length + BareLineFeeds;
}
