namespace MailHost.Store;

/// <summary>
/// Status Ok with <see cref="Uids"/> = assigned UIDs (APPENDUID). Status Ok with empty <see cref="Uids"/>: the lock budget ran out
/// and the caller allowed committing without UIDs (IMAP4rev1 answers OK without APPENDUID). Status InUse: budget ran out and
/// UIDs were required; nothing was committed (IMAP4rev2 answers <c>NO [INUSE]</c>).
/// </summary>
public sealed record AppendResult(StoreStatus Status, uint UidValidity, IReadOnlyList<uint> Uids);
