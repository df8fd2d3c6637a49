namespace MailHost.Imap.Messages;

/// <summary>The text part of a FETCH section specifier (RFC 9051 §6.4.5); <see cref="Full"/> is an empty specifier or a bare part number.</summary>
public enum SectionKind
{
    Full,
    Header,
    HeaderFields,
    HeaderFieldsNot,
    Text,
    Mime,
}
