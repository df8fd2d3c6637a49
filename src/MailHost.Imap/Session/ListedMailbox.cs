using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>
/// One LIST/LSUB line to write. <see cref="Selected"/>: the mailbox met the selection criteria itself (it gets LIST-STATUS);
/// <see cref="ChildInfo"/>: returned (also) because a descendant outside the pattern met them (RFC 5258 RECURSIVEMATCH);
/// <see cref="NoselectForLsub"/>: an LSUB parent that is only there for a subscribed child (RFC 3501 §6.3.9).
/// </summary>
internal readonly record struct ListedMailbox(MailboxInfo Mailbox, bool Selected, bool ChildInfo, bool NoselectForLsub);
