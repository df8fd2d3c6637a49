using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>The arguments in front of one APPEND message literal.</summary>
internal readonly record struct AppendHeader(MessageFlags Flags, IReadOnlyList<string> Keywords, DateTimeOffset? InternalDate, long Length, bool NonSynchronizing, bool Utf8Wrapped = false);
