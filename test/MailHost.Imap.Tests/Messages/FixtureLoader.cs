using System.Text;
using MailHost.Imap.Messages;

namespace MailHost.Imap.Tests.Messages;

/// <summary>Turns fixture text into message files (UTF-8 octets in a seekable stream) and parses them.</summary>
internal static class FixtureLoader
{
    public static string Text(string name) => name switch
    {
        nameof(MessageFixtures.SimpleText) => MessageFixtures.SimpleText,
        nameof(MessageFixtures.Alternative) => MessageFixtures.Alternative,
        nameof(MessageFixtures.MixedWithAttachment) => MessageFixtures.MixedWithAttachment,
        nameof(MessageFixtures.NestedMessage) => MessageFixtures.NestedMessage,
        nameof(MessageFixtures.ThirtyParts) => MessageFixtures.ThirtyParts,
        nameof(MessageFixtures.MalformedBoundary) => MessageFixtures.MalformedBoundary,
        nameof(MessageFixtures.EightBitHeaders) => MessageFixtures.EightBitHeaders,
        nameof(MessageFixtures.Groups) => MessageFixtures.Groups,
        nameof(MessageFixtures.MissingDateAndFrom) => MessageFixtures.MissingDateAndFrom,
        nameof(MessageFixtures.Latin1QuotedPrintable) => MessageFixtures.Latin1QuotedPrintable,
        nameof(MessageFixtures.BadHeaders) => MessageFixtures.BadHeaders,
        nameof(MessageFixtures.Digest) => MessageFixtures.Digest,
        nameof(MessageFixtures.TopLevelMessage) => MessageFixtures.TopLevelMessage,
        nameof(MessageFixtures.NestedMultipartWithRfc2231) => MessageFixtures.NestedMultipartWithRfc2231,
        nameof(MessageFixtures.EmptyMultipart) => MessageFixtures.EmptyMultipart,
        nameof(MessageFixtures.TypeWithoutSubtype) => MessageFixtures.TypeWithoutSubtype,
        nameof(MessageFixtures.OddAddresses) => MessageFixtures.OddAddresses,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such fixture."),
    };

    public static MemoryStream Open(string name) => new(Encoding.UTF8.GetBytes(Text(name)), writable: false);

    public static async Task<ImapMessage> LoadAsync(string name)
    {
        await using var stream = Open(name);
        return await ImapMessage.LoadAsync(stream, CancellationToken.None);
    }

    /// <summary>The bytes a section designates: a slice of the file or the materialised bytes.</summary>
    public static string SectionText(string name, SectionContent content)
    {
        var file = Encoding.UTF8.GetBytes(Text(name));
        var bytes = content.IsFileRange ? file.AsSpan((int)content.Offset, (int)content.Length) : content.Bytes.Span;
        return Encoding.UTF8.GetString(bytes);
    }
}
