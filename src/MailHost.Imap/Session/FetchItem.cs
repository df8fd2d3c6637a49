using MailHost.Imap.Messages;

namespace MailHost.Imap.Session;

/// <summary>One FETCH attribute; <see cref="SectionText"/> is the section as echoed in the response (<c>1.2.HEADER</c>).</summary>
internal readonly record struct FetchItem(FetchItemKind Kind, bool Peek, SectionSpec? Section, string? SectionText, long PartialStart, long PartialLength)
{
    public bool HasPartial => PartialStart >= 0;

    public bool SetsSeen => !Peek && Kind is FetchItemKind.BodySection or FetchItemKind.Binary or FetchItemKind.Rfc822 or FetchItemKind.Rfc822Text;

    public bool NeedsParsedMessage => Kind switch
    {
        FetchItemKind.Envelope or FetchItemKind.Body or FetchItemKind.BodyStructure or FetchItemKind.Rfc822Header or FetchItemKind.Rfc822Text => true,
        FetchItemKind.Binary or FetchItemKind.BinarySize => Section is { Part.Count: > 0 },
        FetchItemKind.BodySection => !IsWholeMessage,
        _ => false,
    };

    public bool NeedsFile => Kind is FetchItemKind.BodySection or FetchItemKind.Rfc822 or FetchItemKind.Rfc822Header or FetchItemKind.Rfc822Text or
        FetchItemKind.Binary or FetchItemKind.BinarySize;

    public bool IsWholeMessage => Kind == FetchItemKind.Rfc822 ||
        (Kind == FetchItemKind.BodySection && Section is { Kind: SectionKind.Full, Part.Count: 0 });
}
