using MailHost.Imap.Messages;

namespace MailHost.Imap.Tests.Messages;

/// <summary>Address lists, each case checked against Dovecot's ENVELOPE for the same header.</summary>
[TestFixture]
public sealed class AddressListParserTests
{
    [TestCase("a@b.c", "(NIL NIL a b.c)")]
    [TestCase("\"Smith, John\" <john@example.com>", "(Smith, John NIL john example.com)")]
    [TestCase("Alice Q. Example <alice@example.org>", "(Alice Q. Example NIL alice example.org)")]
    [TestCase("=?utf-8?B?SsO2cmc=?= <j@example.de>", "(=?utf-8?B?SsO2cmc=?= NIL j example.de)")] // encoded-words stay
    [TestCase("m@n.o (Trailing Name)", "(Trailing Name NIL m n.o)")]
    [TestCase("(Leading) x@z", "(NIL NIL x z)")]
    [TestCase("x@y.z ()", "(NIL NIL x y.z)")]
    [TestCase("\"\" <u@v.w>", "(NIL NIL u v.w)")]
    [TestCase("noat", "(NIL NIL noat MISSING_DOMAIN)")]
    [TestCase("John Smith", "(John Smith NIL MISSING_MAILBOX MISSING_DOMAIN)")]
    [TestCase("\"only@quoted\"", "(only@quoted NIL MISSING_MAILBOX MISSING_DOMAIN)")]
    [TestCase("Undisclosed <>", "(Undisclosed NIL MISSING_MAILBOX MISSING_DOMAIN)")]
    [TestCase("<@a.example,@b.example:x@y>", "(NIL @a.example,@b.example x y)")]
    [TestCase(", a@b.c,, d@e.f , ,",
        "(NIL NIL MISSING_MAILBOX MISSING_DOMAIN)(NIL NIL a b.c)(NIL NIL MISSING_MAILBOX MISSING_DOMAIN)(NIL NIL d e.f)(NIL NIL MISSING_MAILBOX MISSING_DOMAIN)")]
    [TestCase("Team: bob@example.com, Carol <carol@example.net>;, dave@example.com",
        "(NIL NIL Team NIL)(NIL NIL bob example.com)(Carol NIL carol example.net)(NIL NIL NIL NIL)(NIL NIL dave example.com)")]
    [TestCase("undisclosed-recipients:;", "(NIL NIL undisclosed-recipients NIL)(NIL NIL NIL NIL)")]
    [TestCase("", "")]
    [TestCase("(just a comment)", "")]
    public void Parse(string header, string expected)
    {
        var addresses = AddressListParser.Parse(header);

        Assert.That(string.Concat(addresses.Select(a => $"({a.Name ?? "NIL"} {a.Route ?? "NIL"} {a.Mailbox ?? "NIL"} {a.Domain ?? "NIL"})")),
            Is.EqualTo(expected));
    }
}
