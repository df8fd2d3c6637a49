using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Maildir;

public sealed class MailboxNameCodecTests
{
    [TestCase("INBOX", "INBOX", "")]
    [TestCase("inbox", "INBOX", "")]
    [TestCase("Sent", "Sent", ".Sent")]
    [TestCase("Archive/2024", "Archive/2024", ".Archive.2024")]
    [TestCase("Lists/dotnet", "Lists/dotnet", ".Lists.dotnet")]
    [TestCase("inbox/Sub", "INBOX/Sub", ".INBOX.Sub")]
    [TestCase("dot.net", "dot.net", ".dot%2enet")]
    [TestCase("100%", "100%", ".100%25")]
    [TestCase("a:b*c?d\"e<f>g|h\\i", "a:b*c?d\"e<f>g|h\\i", ".a%3ab%2ac%3fd%22e%3cf%3eg%7ch%5ci")]
    [TestCase("trailing ", "trailing ", ".trailing%20")]
    [TestCase("trailing.", "trailing.", ".trailing%2e")]
    [TestCase("Entwürfe", "Entwürfe", ".Entw&APw-rfe")]
    [TestCase("Tom & Jerry", "Tom & Jerry", ".Tom &- Jerry")]
    [TestCase("日本語", "日本語", ".&ZeVnLIqe-")]
    [TestCase("~user", "~user", ".~user")]
    public void Valid_names_map_to_directories_and_back(string name, string canonical, string directory)
    {
        var status = MailboxNameCodec.TryEncode(name, out var actualCanonical, out var actualDirectory);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(StoreStatus.Ok));
            Assert.That(actualCanonical, Is.EqualTo(canonical));
            Assert.That(actualDirectory, Is.EqualTo(directory));
            if (directory.Length > 0)
            {
                Assert.That(MailboxNameCodec.TryDecode(directory), Is.EqualTo(canonical));
            }
        }
    }

    [TestCase("")]
    [TestCase("/abs")]
    [TestCase("a//b")]
    [TestCase("a/")]
    [TestCase("..")]
    [TestCase("a/../b")]
    [TestCase("a/./b")]
    [TestCase("bell\a")]
    [TestCase("new\nline")]
    [TestCase("del\u007f")]
    [TestCase("CON")]
    [TestCase("nul")]
    [TestCase("Lpt1.txt")]
    [TestCase("Archive/com3")]
    public void Hostile_names_are_refused(string name)
    {
        Assert.That(MailboxNameCodec.TryEncode(name, out _, out _), Is.EqualTo(StoreStatus.InvalidName));
    }

    [Test]
    public void Unpaired_surrogates_are_refused()
    {
        // Built at run time: attribute metadata would turn a lone surrogate into U+FFFD.
        var high = new string([.. "half", (char)0xD800]);
        var low = new string([(char)0xDC00, .. "x"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MailboxNameCodec.TryEncode(high, out _, out _), Is.EqualTo(StoreStatus.InvalidName));
            Assert.That(MailboxNameCodec.TryEncode(low, out _, out _), Is.EqualTo(StoreStatus.InvalidName));
        }
    }

    [Test]
    public void Overlong_names_are_refused()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MailboxNameCodec.TryEncode(new string('a', 256), out _, out _), Is.EqualTo(StoreStatus.InvalidName));
            Assert.That(MailboxNameCodec.TryEncode(new string('a', 200), out _, out _), Is.EqualTo(StoreStatus.Ok));

            // 100 dots expand to 300 characters on disk.
            Assert.That(MailboxNameCodec.TryEncode(new string('.', 100), out _, out _), Is.EqualTo(StoreStatus.InvalidName));
        }
    }

    [TestCase("..Sent")]
    [TestCase("Sent")]
    [TestCase(".a..b")]
    [TestCase(".&ZeVnLIqe")]
    public void Directories_that_are_not_folders_decode_to_null(string directory)
    {
        Assert.That(MailboxNameCodec.TryDecode(directory), Is.Null);
    }

    [TestCase(".100%", "100%")]
    [TestCase(".bad%zz", "bad%zz")]
    [TestCase(".Trash", "Trash")]
    [TestCase(".INBOX.Sub", "INBOX/Sub")]
    [TestCase(".Entw&APw-rfe.2024", "Entwürfe/2024")]
    public void Dovecot_directories_without_escapes_decode_literally(string directory, string name)
    {
        Assert.That(MailboxNameCodec.TryDecode(directory), Is.EqualTo(name));
    }

    [Test]
    public void Every_printable_and_unicode_component_round_trips()
    {
        var names = new[] { "a.b.c", "%2e", "&-", "Ünïcødé/ß", "emoji 😀", "x:y;z!w", "comma,plus+" };
        foreach (var name in names)
        {
            Assert.That(MailboxNameCodec.TryEncode(name, out var canonical, out var directory), Is.EqualTo(StoreStatus.Ok), name);
            Assert.That(MailboxNameCodec.TryDecode(directory), Is.EqualTo(canonical), name);
            Assert.That(directory.IndexOfAny(Path.GetInvalidFileNameChars()), Is.EqualTo(-1), name);
            Assert.That(directory.IndexOfAny(['\\', ':', '*', '?', '"', '<', '>', '|']), Is.EqualTo(-1), name);
        }
    }
}
