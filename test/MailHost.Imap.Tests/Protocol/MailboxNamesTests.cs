using MailHost.Imap.Protocol;

namespace MailHost.Imap.Tests.Protocol;

public sealed class MailboxNamesTests
{
    [TestCase("Entw&APw-rfe", "Entwürfe")]
    [TestCase("&ZeVnLIqe-", "日本語")]
    [TestCase("A&-B", "A&B")]
    [TestCase("plain", "plain")]
    public void Modified_utf7_round_trips(string wire, string name)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MailboxNames.TryDecodeModifiedUtf7(wire, out var decoded), Is.True);
            Assert.That(decoded, Is.EqualTo(name));
            Assert.That(MailboxNames.EncodeModifiedUtf7(name), Is.EqualTo(wire));
        }
    }

    [TestCase("&2D0-")]
    [TestCase("&AGE")]
    [TestCase("&!!!-")]
    [TestCase("Grüße")]
    public void Broken_modified_utf7_is_refused(string wire) =>
        Assert.That(MailboxNames.TryDecode(wire, utf8: false, out _), Is.False);

    [TestCase("..")]
    [TestCase("a/../b")]
    [TestCase("/etc/passwd")]
    [TestCase("a\\b")]
    [TestCase("a//b")]
    [TestCase("tab\there")]
    [TestCase("C:stuff")]
    [TestCase(".hidden")]
    public void Dangerous_names_are_refused(string name) =>
        Assert.That(MailboxNames.TryDecode(name, utf8: true, out _), Is.False);

    [Test]
    public void Overlong_names_are_refused() =>
        Assert.That(MailboxNames.TryDecode(new string('a', 1000), utf8: true, out _), Is.False);

    [TestCase("inbox", "INBOX")]
    [TestCase("Inbox/Sub", "INBOX/Sub")]
    [TestCase("Inboxes", "Inboxes")]
    public void Inbox_is_case_insensitive(string wire, string expected)
    {
        Assert.That(MailboxNames.TryDecode(wire, utf8: true, out var name), Is.True);
        Assert.That(name, Is.EqualTo(expected));
    }
}
