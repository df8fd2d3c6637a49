using MailHost.Imap.Messages;

namespace MailHost.Imap.Tests.Messages;

/// <summary>Content-Type parameters as Dovecot reports them: RFC 2231 continuations merged, values left encoded.</summary>
[TestFixture]
public sealed class MimeFieldsTests
{
    [TestCase("text/plain", "text|plain|")]
    [TestCase("TEXT/Plain; Charset=UTF-8", "TEXT|Plain|Charset=UTF-8")]
    [TestCase("text/plain; charset=\"utf-8\" (comment); format=flowed", "text|plain|charset=utf-8;format=flowed")]
    [TestCase("text/plain; charset=", "text|plain|charset=")]
    [TestCase("text", "text||")] // no subtype: Dovecot answers "text" ""
    [TestCase("application/x; name*0=\"long\"; name*1=\"name.txt\"", "application|x|name=longname.txt")]
    [TestCase("application/x; name*0*=utf-8''%E2%82%AC; name*1=\".bin\"", "application|x|name*=utf-8''%E2%82%AC.bin")]
    [TestCase("application/x; name*1=b; name*0=a", "application|x|name=ab")] // out-of-order pieces are sorted
    [TestCase("application/x; name*1=b", "application|x|name*1=b")] // a missing piece leaves them unmerged
    [TestCase("application/x; a=1; b*=us-ascii''x; c=3", "application|x|a=1;c=3;b*=us-ascii''x")] // merged ones come last
    public void Content_type(string value, string expected)
    {
        var fields = MimeFields.Parse([new RawHeaderField("Content-Type", value, 0, 0)]);

        var parameters = string.Join(";", fields.Parameters.Select(p => p.Name + "=" + p.Value));
        Assert.That($"{fields.Type}|{fields.Subtype}|{parameters}", Is.EqualTo(expected));
    }

    [Test]
    public void Missing_or_unparsable_content_type_is_text()
    {
        var missing = MimeFields.Parse([]);
        var junk = MimeFields.Parse([new RawHeaderField("Content-Type", "/;;", 0, 0)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing.Type, Is.Null);
            Assert.That(missing.IsText, Is.True);
            Assert.That(junk.Type, Is.Null);
        }
    }

    [Test]
    public void Other_content_fields()
    {
        var fields = MimeFields.Parse(
        [
            new RawHeaderField("Content-Transfer-Encoding", "Base64 (comment)", 0, 0),
            new RawHeaderField("Content-Disposition", "ATTACHMENT; FileName=foo.txt", 0, 0),
            new RawHeaderField("content-language", "en (English), de", 0, 0),
            new RawHeaderField("Content-ID", "<id@x>", 0, 0),
        ]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fields.TransferEncoding, Is.EqualTo("Base64"));
            Assert.That(fields.Disposition, Is.EqualTo("ATTACHMENT"));
            Assert.That(fields.DispositionParameters, Is.EqualTo(new[] { new MimeParameter("FileName", "foo.txt") }));
            Assert.That(fields.Languages, Is.EqualTo(new[] { "en", "de" }));
            Assert.That(fields.Id, Is.EqualTo("<id@x>"));
        }
    }
}
