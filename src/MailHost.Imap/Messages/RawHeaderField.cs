namespace MailHost.Imap.Messages;

/// <summary>
/// One header field as it is in the file. <see cref="RawValue"/> is the value after the colon (leading blanks skipped), folding
/// line breaks kept, final line break removed, one char per octet. <see cref="Start"/> and <see cref="Length"/> locate the whole
/// field (name through final line break) inside the header block, for HEADER.FIELDS.
/// </summary>
internal sealed record RawHeaderField(string Name, string RawValue, int Start, int Length);
