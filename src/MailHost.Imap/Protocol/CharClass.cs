namespace MailHost.Imap.Protocol;

/// <summary>Character classes of the RFC 9051 grammar the tokenizer reads runs of.</summary>
internal enum CharClass
{
    Tag,
    Atom,
    AString,
    ListMailbox,
    Keyword,
}
