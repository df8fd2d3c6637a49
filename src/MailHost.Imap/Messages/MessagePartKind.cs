namespace MailHost.Imap.Messages;

/// <summary>How a MIME part nests: a leaf, a multipart with children, or a message/rfc822 whose single child is the encapsulated message.</summary>
internal enum MessagePartKind
{
    Leaf,
    Multipart,
    Message,
}
