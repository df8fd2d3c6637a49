using System.Text;
using MailHost.Imap.Messages;

namespace MailHost.Imap.Tests.Messages;

/// <summary>Attachments stay in the file: parsing a message allocates in proportion to its structure, not its size.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ImapMessageMemoryTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Loading_a_big_attachment_does_not_buffer_it(CancellationToken cancellationToken)
    {
        var attachment = Convert.ToBase64String(new byte[6 * 1024 * 1024], Base64FormattingOptions.InsertLineBreaks);
        var text = "From: a@example.org\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n" +
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" + attachment + "\r\n--b--\r\n";
        await using var stream = new MemoryStream(Encoding.ASCII.GetBytes(text));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var message = await ImapMessage.LoadAsync(stream, cancellationToken);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(allocated, Is.LessThan(stream.Length / 16), "bytes allocated while parsing");
            Assert.That(message.RetainedBytes, Is.LessThan(4096));
            Assert.That(message.GetSection(new SectionSpec([2], SectionKind.Full, []))!.Value.Length, Is.EqualTo(attachment.Length));
        }
    }
}
