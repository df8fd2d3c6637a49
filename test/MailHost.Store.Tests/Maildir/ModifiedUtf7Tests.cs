using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Maildir;

public sealed class ModifiedUtf7Tests
{
    [TestCase("plain", "plain")]
    [TestCase("&", "&-")]
    [TestCase("Entwürfe", "Entw&APw-rfe")]
    [TestCase("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    [TestCase("😀", "&2D3eAA-")]
    public void Encodes_and_decodes_rfc3501_examples(string text, string encoded)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModifiedUtf7.Encode(text), Is.EqualTo(encoded));
            Assert.That(ModifiedUtf7.TryDecode(encoded, out var decoded), Is.True);
            Assert.That(decoded, Is.EqualTo(text));
        }
    }

    [TestCase("&Jjo!")]
    [TestCase("&U,BTF2XlZyyKng-x&")]
    [TestCase("&AGE-")]
    [TestCase("bad\u00e9")]
    public void Rejects_malformed_input(string encoded)
    {
        Assert.That(ModifiedUtf7.TryDecode(encoded, out _), Is.False);
    }
}
