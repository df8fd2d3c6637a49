using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>The arguments in front of one APPEND message literal.</summary>
internal sealed record AppendHeader(MessageFlags Flags, IReadOnlyList<string> Keywords, DateTimeOffset? InternalDate, long Length, bool NonSynchronizing);
