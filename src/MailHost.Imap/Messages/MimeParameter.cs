namespace MailHost.Imap.Messages;

/// <summary>A Content-Type or Content-Disposition parameter as Dovecot reports it (RFC 2231 continuations merged, values not decoded).</summary>
internal sealed record MimeParameter(string Name, string Value);
