namespace MailHost.Imap.Messages;

/// <summary>
/// Where a section's bytes are: a range of the message file (<see cref="IsFileRange"/>, copy <see cref="Length"/> bytes from
/// <see cref="Offset"/>; big bodies are never materialised) or bytes built in memory (<see cref="Bytes"/>, e.g. HEADER.FIELDS or
/// decoded BINARY content).
/// </summary>
public readonly record struct SectionContent(bool IsFileRange, long Offset, long Length, ReadOnlyMemory<byte> Bytes);
