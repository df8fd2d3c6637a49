namespace MailHost.Imap.Session;

internal enum FetchItemKind
{
    Uid,
    Flags,
    InternalDate,
    Rfc822Size,
    Envelope,
    Body,
    BodyStructure,
    BodySection,
    Binary,
    BinarySize,
    Rfc822,
    Rfc822Header,
    Rfc822Text,
}
