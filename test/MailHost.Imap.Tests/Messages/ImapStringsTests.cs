using System.Buffers;
using System.Text;
using MailHost.Imap.Messages;

namespace MailHost.Imap.Tests.Messages;

/// <summary>NIL / quoted / literal choices, written from RFC 9051's string grammar and Dovecot's imap-quote rules.</summary>
[TestFixture]
public sealed class ImapStringsTests
{
    [TestCase(null, "NIL")]
    [TestCase("", "\"\"")]
    [TestCase("plain", "\"plain\"")]
    [TestCase("a \"b\" c", "\"a \\\"b\\\" c\"")] // up to four quoted-specials are escaped
    [TestCase("\\\\\\\\", "\"\\\\\\\\\\\\\\\\\"")]
    [TestCase("\"\"\"\"\"", "{5}\r\n\"\"\"\"\"")] // the fifth makes a literal shorter
    [TestCase("caf\u00e9", "{4}\r\ncaf\u00e9")] // 8-bit octets need a literal (one char per octet here)
    [TestCase("a\r\nb", "{4}\r\na\r\nb")]
    public void NString(string? raw, string expected) => Assert.That(Write(w => ImapStrings.WriteNString(w, raw)), Is.EqualTo(expected));

    [TestCase("<x@y>\r\n (comment)", "\"<x@y> (comment)\"")] // folding removed, not collapsed
    [TestCase("  trailing  ", "\"  trailing  \"")]
    public void NString_without_line_breaks(string raw, string expected) =>
        Assert.That(Write(w => ImapStrings.WriteNStringNoLineBreaks(w, raw)), Is.EqualTo(expected));

    [TestCase("Hello world", "\"Hello world\"")]
    [TestCase("", "\"\"")]
    [TestCase("   ", "\"\"")] // only white space
    [TestCase("  lots   of\tspace  ", "{13}\r\nlots of space")]
    [TestCase("folded\r\n line", "{11}\r\nfolded line")]
    [TestCase("say \"hi\"", "{8}\r\nsay \"hi\"")] // any quoted-special makes a literal for humans
    [TestCase("nul\0x", "{5}\r\nnul\u0080x")] // NUL is never sent: Dovecot turns it into 0x80
    public void For_humans(string raw, string expected) => Assert.That(Write(w => ImapStrings.WriteForHumans(w, raw)), Is.EqualTo(expected));

    private static string Write(Action<ArrayBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return Encoding.Latin1.GetString(writer.WrittenSpan);
    }
}
