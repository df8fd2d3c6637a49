namespace MailHost.Imap.Protocol;

internal enum ImapStringKind
{
    Atom,
    Quoted,
    Literal,
    Nil,
}
