namespace MailHost.Store.Internal;

/// <summary>A file in a folder's tmp/ ready to be committed into cur/ (APPEND, COPY, MOVE).</summary>
internal sealed record StagedFile(string TmpPath, string BaseName, MessageFlags Flags, IReadOnlyList<string> Keywords, DateTimeOffset? InternalDate);
