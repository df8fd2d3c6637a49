using System.Text;
using MailHost.Imap.Messages;

namespace MailHost.Imap.Tests.Messages;

/// <summary>
/// Files stored with Unix line ends (Dovecot's own Maildir default): sizes are reported and sections sent as if every bare LF
/// were CRLF, exactly as Dovecot 2.3 answers for this file (RFC822.SIZE 213, the sizes below).
/// </summary>
[TestFixture]
public sealed class ImapMessageLineEndTests
{
    private const string UnixMessage =
        "From: lf@example.org\nSubject: lf only\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: text/plain\n\nline1\nline2\n" +
        "--b\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\r\nmixed\n--b--\n";

    private const string ExpectedBodyStructure =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 12 1 NIL NIL NIL NIL)(\"message\" \"rfc822\" NIL NIL NIL " +
        "\"7bit\" 35 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" " +
        "17 1 NIL NIL NIL NIL) 3 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"b\") NIL NIL NIL)";

    [Test]
    public async Task Sizes_count_bare_line_feeds_as_CRLF()
    {
        await using var stream = new MemoryStream(Encoding.ASCII.GetBytes(UnixMessage));

        var message = await ImapMessage.LoadAsync(stream, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.ASCII.GetString(message.BodyStructure.Span), Is.EqualTo(ExpectedBodyStructure));
            Assert.That(message.Size, Is.EqualTo(213));
        }
    }

    [TestCase("1", SectionKind.Full, "line1\r\nline2")]
    [TestCase("2", SectionKind.Text, "inner body\r\nmixed")] // an existing CRLF is kept, not doubled
    [TestCase("2", SectionKind.Header, "Subject: inner\r\n\r\n")]
    [TestCase("", SectionKind.Header, "From: lf@example.org\r\nSubject: lf only\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n")]
    public async Task Sections_are_sent_with_CRLF(string path, SectionKind kind, string expected)
    {
        await using var stream = new MemoryStream(Encoding.ASCII.GetBytes(UnixMessage));
        var message = await ImapMessage.LoadAsync(stream, CancellationToken.None);
        int[] part = path.Length == 0 ? [] : [.. path.Split('.').Select(int.Parse)];

        var section = message.GetSection(new SectionSpec(part, kind, []))!.Value;
        await using var wire = ImapMessage.OpenSection(stream, section);
        using var copy = new MemoryStream();
        await wire.CopyToAsync(copy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.ASCII.GetString(copy.ToArray()), Is.EqualTo(expected));
            Assert.That(section.WireLength, Is.EqualTo(expected.Length));
            Assert.That(section.BareLineFeeds, Is.EqualTo(BareLineFeeds(UnixMessage.Substring((int)section.Offset, (int)section.Length))));
        }
    }

    private static int BareLineFeeds(string text) => text.Where((c, i) => c == '\n' && (i == 0 || text[i - 1] != '\r')).Count();

    [Test]
    public async Task Header_fields_are_materialised_with_CRLF()
    {
        await using var stream = new MemoryStream(Encoding.ASCII.GetBytes(UnixMessage));
        var message = await ImapMessage.LoadAsync(stream, CancellationToken.None);

        var section = message.GetSection(new SectionSpec([], SectionKind.HeaderFields, ["Subject"]))!.Value;

        Assert.That(Encoding.ASCII.GetString(section.Bytes.Span), Is.EqualTo("Subject: lf only\r\n\r\n"));
    }

    [Test]
    public async Task CRLF_files_need_no_conversion()
    {
        await using var stream = FixtureLoader.Open(nameof(MessageFixtures.NestedMessage));
        var message = await ImapMessage.LoadAsync(stream, CancellationToken.None);

        var section = message.GetSection(new SectionSpec([], SectionKind.Full, []))!.Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(section.BareLineFeeds, Is.Zero);
            Assert.That(section.WireLength, Is.EqualTo(stream.Length));
            Assert.That(message.Size, Is.EqualTo(stream.Length));
        }
    }
}
