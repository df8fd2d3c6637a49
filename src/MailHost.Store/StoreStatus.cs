namespace MailHost.Store;

/// <summary>Outcome of a store operation, mapped by the protocols to their answers (DESIGN.md "Failure answers").</summary>
public enum StoreStatus
{
    Ok,

    /// <summary>IMAP <c>NO [NONEXISTENT]</c> / <c>[TRYCREATE]</c> for APPEND and COPY targets.</summary>
    NonExistent,

    /// <summary>IMAP <c>NO [ALREADYEXISTS]</c>.</summary>
    AlreadyExists,

    /// <summary>Name refused (<c>..</c>, separators, control characters, case collision, too long): IMAP <c>NO [CANNOT]</c>.</summary>
    InvalidName,

    /// <summary>The folder lock could not be had within the budget: IMAP <c>NO [INUSE]</c>. Never closes a connection.</summary>
    InUse,

    /// <summary>IMAP <c>NO [OVERQUOTA]</c>, SMTP <c>452 4.2.2</c>.</summary>
    OverQuota,

    /// <summary>IMAP <c>NO [OVERQUOTA]</c> "Not enough disk space", SMTP <c>452 4.3.1</c>.</summary>
    DiskFull,

    /// <summary>
    /// The mailbox is open read-only (EXAMINE) and the command would change it: IMAP <c>NO [NOPERM]</c>. Storage that refuses
    /// writes is <see cref="StorageReadOnly"/>.
    /// </summary>
    ReadOnly,

    /// <summary>Operation not allowed on this mailbox (e.g. deleting INBOX): IMAP <c>NO [CANNOT]</c>.</summary>
    NotAllowed,

    /// <summary>Unexpected I/O error, logged by the store: IMAP <c>NO [SERVERBUG]</c>, SMTP <c>451 4.3.0</c>.</summary>
    Failed,

    /// <summary>
    /// A new keyword needs a file-name letter and the folder has none left (Maildir keeps 26, a–z, in <c>dovecot-keywords</c>):
    /// nothing was changed. IMAP <c>NO [LIMIT]</c> (RFC 5530). SMTP and LMTP never set keywords, so they never see it.
    /// </summary>
    TooManyKeywords,

    /// <summary>
    /// The storage refused the write (read-only file system <c>EROFS</c>, access denied on the Maildir): an operator fault, not
    /// the client's. IMAP <c>NO [SERVERBUG]</c>, SMTP/LMTP <c>451 4.3.0</c>; reads go on. Added after <see cref="Failed"/> so
    /// existing values keep their numbers.
    /// </summary>
    StorageReadOnly,
}
