using MailHost.Imap.Messages;

namespace MailHost.Imap.Tests.Messages;

/// <summary>Section extraction, byte-exact; expectations follow RFC 9051 §6.4.5 and were checked against Dovecot's answers.</summary>
[TestFixture]
public sealed class ImapMessageSectionTests
{
    private const string NestedHeader =
        "From: Carol <carol@example.net>\r\n" +
        "To: Alice <alice@example.org>\r\n" +
        "Subject: Original\r\n" +
        "Date: Wed, 2 Apr 2025 09:00:00 +0000\r\n" +
        "Message-ID: <orig@example.net>\r\n" +
        "Content-Type: multipart/alternative; boundary=\"b2\"\r\n" +
        "\r\n";

    // The inner message ends with its closing boundary line; the CRLF before the outer "--b1--" belongs to that delimiter.
    private const string NestedText =
        "--b2\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "\r\n" +
        "Original text.\r\n" +
        "--b2\r\n" +
        "Content-Type: text/html; charset=utf-8\r\n" +
        "\r\n" +
        "<p>Original text.</p>\r\n" +
        "--b2--\r\n";

    [TestCase("2", SectionKind.Full, NestedHeader + NestedText)]
    [TestCase("2", SectionKind.Header, NestedHeader)]
    [TestCase("2", SectionKind.Text, NestedText)]
    [TestCase("2", SectionKind.Mime, "Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n")]
    [TestCase("1", SectionKind.Full, "See the forwarded message.")]
    [TestCase("1", SectionKind.Mime, "Content-Type: text/plain\r\n\r\n")]
    [TestCase("2.1", SectionKind.Full, "Original text.")]
    [TestCase("2.2", SectionKind.Full, "<p>Original text.</p>")]
    [TestCase("2.1", SectionKind.Mime, "Content-Type: text/plain; charset=utf-8\r\n\r\n")]
    [TestCase("2.2.1", SectionKind.Full, "<p>Original text.</p>")] // a final 1 on a non-multipart part is that part itself
    public async Task Nested_message_sections(string path, SectionKind kind, string expected)
    {
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.NestedMessage));

        var content = message.GetSection(new SectionSpec(Path(path), kind, []));

        Assert.That(content, Is.Not.Null);
        Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.NestedMessage), content!.Value), Is.EqualTo(expected));
    }

    [TestCase("3", SectionKind.Full)]
    [TestCase("0", SectionKind.Full)]
    [TestCase("1.2", SectionKind.Full)]
    [TestCase("1.1.1", SectionKind.Full)] // below part 1 of a leaf there is nothing (Dovecot: empty string)
    [TestCase("2.2.1.1", SectionKind.Full)]
    [TestCase("1", SectionKind.Header)] // HEADER/TEXT need a message/rfc822 part; Dovecot answers an empty string
    [TestCase("1", SectionKind.Text)]
    [TestCase("2.1", SectionKind.HeaderFields)]
    public async Task Missing_or_inapplicable_sections_are_null(string path, SectionKind kind)
    {
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.NestedMessage));

        Assert.That(message.GetSection(new SectionSpec(Path(path), kind, ["Subject"])), Is.Null);
    }

    [Test]
    public async Task Whole_message_and_text_are_file_ranges_and_headers_come_from_memory()
    {
        var text = MessageFixtures.SimpleText;
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.SimpleText));

        var full = message.GetSection(new SectionSpec([], SectionKind.Full, []))!.Value;
        var header = message.GetSection(new SectionSpec([], SectionKind.Header, []))!.Value;
        var body = message.GetSection(new SectionSpec([], SectionKind.Text, []))!.Value;
        var part1 = message.GetSection(new SectionSpec([1], SectionKind.Full, []))!.Value;
        var mime1 = message.GetSection(new SectionSpec([1], SectionKind.Mime, []))!.Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(full.IsFileRange && body.IsFileRange && part1.IsFileRange, Is.True);
            Assert.That(header.IsFileRange || mime1.IsFileRange, Is.False, "header blocks are kept in memory and answered from there");
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.SimpleText), full), Is.EqualTo(text));
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.SimpleText), header), Is.EqualTo(text[..split]));
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.SimpleText), body), Is.EqualTo(text[split..]));
            // A non-multipart message's part 1 is its body, and its MIME header is the message header (as Dovecot answers).
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.SimpleText), part1), Is.EqualTo(text[split..]));
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.SimpleText), mime1), Is.EqualTo(text[..split]));
            Assert.That(message.GetSection(new SectionSpec([2], SectionKind.Full, [])), Is.Null);
        }
    }

    [TestCase(new[] { "subject" }, SectionKind.HeaderFields, "Subject: =?utf-8?q?Caf=C3=A9?= meeting\r\n tomorrow\r\n\r\n")]
    [TestCase(new[] { "TO", "from" }, SectionKind.HeaderFields,
        "From: \"Alice Q. Example\" <alice@example.org>\r\nTo: Bob <bob@example.com>, carol@example.net\r\n\r\n")]
    [TestCase(new[] { "X-Missing" }, SectionKind.HeaderFields, "\r\n")]
    [TestCase(new[] { "Return-Path", "Date", "From", "To", "Cc", "Subject", "Message-ID", "In-Reply-To" }, SectionKind.HeaderFieldsNot,
        "MIME-Version: 1.0\r\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII; format=flowed\r\n\r\n")]
    public async Task Header_fields_keep_order_and_folding(string[] names, SectionKind kind, string expected)
    {
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.SimpleText));

        var content = message.GetSection(new SectionSpec([], kind, names))!.Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(content.IsFileRange, Is.False);
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.SimpleText), content), Is.EqualTo(expected));
        }
    }

    [Test]
    public async Task Header_fields_of_an_attached_message_come_from_its_header()
    {
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.NestedMessage));

        var content = message.GetSection(new SectionSpec([2], SectionKind.HeaderFields, ["subject", "FROM"]))!.Value;

        Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.NestedMessage), content),
            Is.EqualTo("From: Carol <carol@example.net>\r\nSubject: Original\r\n\r\n"));
    }

    [Test]
    public async Task Header_fields_not_keeps_junk_lines_like_Dovecot()
    {
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.BadHeaders));

        var content = message.GetSection(new SectionSpec([], SectionKind.HeaderFieldsNot, ["From"]))!.Value;

        Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.BadHeaders), content), Is.EqualTo(
            "This line has no colon\r\nSubject: Bad headers\r\nContent-Type: text/plain; charset=\r\nContent-Transfer-Encoding: x-unknown\r\n\r\n"));
    }

    [Test]
    public async Task Every_part_of_a_thirty_part_message_is_addressable()
    {
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.ThirtyParts));

        using (Assert.EnterMultipleScope())
        {
            for (var i = 1; i <= 30; i++)
            {
                var content = message.GetSection(new SectionSpec([i], SectionKind.Full, []))!.Value;
                var expected = i % 3 == 0 ? "AAECAwQFBgcICQ==" : $"Part {i} line one.\r\nPart {i} line two.";
                Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.ThirtyParts), content), Is.EqualTo(expected), $"part {i}");
            }

            Assert.That(message.GetSection(new SectionSpec([31], SectionKind.Full, [])), Is.Null);
        }
    }

    [Test]
    public async Task Unterminated_multipart_last_part_runs_to_the_end_of_file()
    {
        var message = await FixtureLoader.LoadAsync(nameof(MessageFixtures.MalformedBoundary));

        var first = message.GetSection(new SectionSpec([1], SectionKind.Full, []))!.Value;
        var second = message.GetSection(new SectionSpec([2], SectionKind.Full, []))!.Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.MalformedBoundary), first), Is.EqualTo("First part."));
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.MalformedBoundary), second), Is.EqualTo("U2Vjb25kIHBhcnQu\r\n"));
        }
    }

    private static int[] Path(string path) => [.. path.Split('.').Select(int.Parse)];
}
