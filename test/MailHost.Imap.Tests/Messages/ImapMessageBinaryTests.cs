using System.Text;

namespace MailHost.Imap.Tests.Messages;

[TestFixture]
public sealed class ImapMessageBinaryTests
{
    [Test]
    public async Task Base64_part_is_decoded()
    {
        await using var stream = FixtureLoader.Open(nameof(MessageFixtures.MixedWithAttachment));
        var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);

        var content = (await message.GetBinaryAsync(stream, [2], CancellationToken.None))!.Value;

        var expected = Convert.FromBase64String("JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCg==");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(content.IsFileRange, Is.False);
            Assert.That(content.Bytes.ToArray(), Is.EqualTo(expected));
            Assert.That(content.Length, Is.EqualTo(52)); // BINARY.SIZE[2] as Dovecot reports it
        }
    }

    [Test]
    public async Task Quoted_printable_part_is_decoded_to_its_octets()
    {
        await using var stream = FixtureLoader.Open(nameof(MessageFixtures.Latin1QuotedPrintable));
        var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);

        var content = (await message.GetBinaryAsync(stream, [1], CancellationToken.None))!.Value;

        // Soft line break joined, =E9 etc. become single ISO-8859-1 octets (no charset conversion in BINARY).
        Assert.That(content.Bytes.ToArray(),
            Is.EqualTo(Encoding.Latin1.GetBytes("Le café est prêt à midi. Très bien alors.\r\n")));
    }

    [Test]
    public async Task Identity_encodings_are_file_ranges()
    {
        await using var stream = FixtureLoader.Open(nameof(MessageFixtures.NestedMessage));
        var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);

        var text = (await message.GetBinaryAsync(stream, [1], CancellationToken.None))!.Value;
        var whole = (await message.GetBinaryAsync(stream, [], CancellationToken.None))!.Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text.IsFileRange, Is.True);
            Assert.That(FixtureLoader.SectionText(nameof(MessageFixtures.NestedMessage), text), Is.EqualTo("See the forwarded message."));
            Assert.That(whole.Length, Is.EqualTo(stream.Length));
        }
    }

    [Test]
    public async Task Streaming_binary_matches_the_materialised_content()
    {
        await using var stream = FixtureLoader.Open(nameof(MessageFixtures.NestedMultipartWithRfc2231));
        var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);

        var size = await message.GetBinarySizeAsync(stream, [1, 2], CancellationToken.None);
        var materialised = (await message.GetBinaryAsync(stream, [1, 2], CancellationToken.None))!.Value;
        await using var decoded = message.OpenBinary(stream, [1, 2])!;
        using var copy = new MemoryStream();
        await decoded.CopyToAsync(copy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.ToArray(), Is.EqualTo(Convert.FromBase64String("iVBORw0KGgo=")));
            Assert.That(materialised.Bytes.ToArray(), Is.EqualTo(copy.ToArray()));
            Assert.That(size, Is.EqualTo(8));
            Assert.That(await message.GetBinarySizeAsync(stream, [3], CancellationToken.None), Is.Null);
            Assert.That(() => message.OpenBinary(stream, [9]), Is.Null);
        }
    }

    [Test]
    public async Task Missing_part_is_null()
    {
        await using var stream = FixtureLoader.Open(nameof(MessageFixtures.MixedWithAttachment));
        var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);

        Assert.That(await message.GetBinaryAsync(stream, [3], CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Unknown_transfer_encoding_throws_InvalidDataException()
    {
        await using var stream = FixtureLoader.Open(nameof(MessageFixtures.BadHeaders));
        var message = await Imap.Messages.ImapMessage.LoadAsync(stream, CancellationToken.None);

        Assert.That(async () => await message.GetBinaryAsync(stream, [1], CancellationToken.None), Throws.TypeOf<InvalidDataException>());
    }
}
