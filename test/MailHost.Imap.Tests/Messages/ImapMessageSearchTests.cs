namespace MailHost.Imap.Tests.Messages;

/// <summary>SEARCH predicates: decoded, charset-aware and case-insensitive; the cases marked were answered the same by Dovecot 2.3.</summary>
[TestFixture]
public sealed class ImapMessageSearchTests
{
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "Subject", "résumé", true)] // encoded-word in ISO-8859-1
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "subject", "RÉSUMÉ", true)]
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "From", "rené <rene@", true)]
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "Subject", "resume", false)] // the accent separates e and s
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "Subject", "re", true)] // é decomposes to e + accent
    [TestCase(nameof(MessageFixtures.SimpleText), "Subject", "meeting tomorrow", true)] // folding CRLF removed, blank kept
    [TestCase(nameof(MessageFixtures.SimpleText), "Subject", "meeting  tomorrow", false)]
    [TestCase(nameof(MessageFixtures.SimpleText), "From", "\"Alice Q. Example\" <alice", true)] // raw form, as Dovecot
    [TestCase(nameof(MessageFixtures.SimpleText), "From", "Alice Q. Example <alice", false)]
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "Subject", "", true)] // empty string: the field exists
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "X-Nothing", "", false)]
    [TestCase(nameof(MessageFixtures.SimpleText), "subject", "café meeting tomorrow", true)] // unfolded and decoded
    [TestCase(nameof(MessageFixtures.EightBitHeaders), "subject", "GRÜSSE", false)] // no language-specific folding
    [TestCase(nameof(MessageFixtures.EightBitHeaders), "subject", "grüße aus köln", true)] // raw UTF-8 header
    [TestCase(nameof(MessageFixtures.BadHeaders), "", "", false)] // junk lines are not fields
    public async Task Header_search(string fixture, string field, string value, bool expected)
    {
        var message = await FixtureLoader.LoadAsync(fixture);

        Assert.That(message.HeaderContains(field, value), Is.EqualTo(expected));
    }

    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "café", false, true)] // QP + ISO-8859-1 body, UTF-16 needle
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "CAFE", false, true)] // Dovecot (i;unicode-casemap) finds it too
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "tres bien", false, false)] // but not this: the accent is inside
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "TRÈS BIEN ALORS", false, true)] // across a soft line break
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "=E9", false, false)] // the encoded form is not searched
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "rené", false, false)] // BODY excludes the header
    [TestCase(nameof(MessageFixtures.Latin1QuotedPrintable), "rené", true, true)] // TEXT includes it, decoded
    [TestCase(nameof(MessageFixtures.Alternative), "café at noon, see", false, true)] // UTF-8 QP with =2C
    [TestCase(nameof(MessageFixtures.MixedWithAttachment), "2 Apr 2025", false, false)] // the Date header is not body
    [TestCase(nameof(MessageFixtures.MixedWithAttachment), "PDF-1.4", false, false)] // non-text attachments are skipped
    [TestCase(nameof(MessageFixtures.MixedWithAttachment), "find the REPORT", false, true)]
    [TestCase(nameof(MessageFixtures.NestedMessage), "carol@example.net", false, true)] // attached message header is body
    [TestCase(nameof(MessageFixtures.NestedMessage), "<p>original", false, true)]
    [TestCase(nameof(MessageFixtures.EightBitHeaders), "schöne grüße", false, true)]
    [TestCase(nameof(MessageFixtures.ThirtyParts), "part 29 line two", false, true)]
    [TestCase(nameof(MessageFixtures.ThirtyParts), "part 30 line two", false, false)] // part 30 is an attachment
    public async Task Text_search(string fixture, string value, bool includeHeaders, bool expected)
    {
        await using var stream = FixtureLoader.Open(fixture);
        var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);

        Assert.That(await message.ContainsTextAsync(stream, value, includeHeaders, CancellationToken.None), Is.EqualTo(expected));
    }

    [Test]
    public async Task Match_across_decoding_chunk_borders_is_found()
    {
        var filler = new string('x', 40_000);
        var text = "Subject: big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + filler + "needle in the haystack" + filler + "\r\n";
        // Place the needle so that it straddles the 16K-char read boundary as well.
        var straddling = "Subject: big\r\n\r\n" + new string('y', (16 * 1024) - 3) + "NEEDLE" + "\r\n";
        // And a surrogate pair cut in two by the same boundary (only the body's 16K chars are read per chunk).
        var emoji = "Subject: big\r\n\r\n" + new string('z', (16 * 1024) - 1) + "\U0001F600needle\r\n";
        using (Assert.EnterMultipleScope())
        {
            await using (var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(emoji)))
            {
                var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);
                Assert.That(await message.ContainsTextAsync(stream, "\U0001F600NEEDLE", false, CancellationToken.None), Is.True);
            }

            foreach (var body in new[] { text, straddling })
            {
                await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
                var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);
                Assert.That(await message.ContainsTextAsync(stream, "needle", false, CancellationToken.None), Is.True);
                Assert.That(await message.ContainsTextAsync(stream, "haystackx", false, CancellationToken.None), Is.EqualTo(body == text));
            }
        }
    }
}
