using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class SearchTests
{
    private static async Task<TestConnection> WithMessagesAsync()
    {
        var connection = new TestConnection();
        var inbox = connection.Alice.Inbox;
        inbox.Add(Transcript.Message1, MessageFlags.Seen, new DateTimeOffset(2024, 1, 10, 8, 0, 0, TimeSpan.Zero));
        inbox.Add(Transcript.Message2, MessageFlags.Flagged, new DateTimeOffset(2024, 2, 10, 8, 0, 0, TimeSpan.Zero), ["$Work"]);
        inbox.Add(Transcript.Message1 + new string('x', 500), MessageFlags.Deleted | MessageFlags.Seen, new DateTimeOffset(2024, 3, 10, 8, 0, 0, TimeSpan.Zero));
        inbox.Add(Transcript.Message2, MessageFlags.Recent, new DateTimeOffset(2024, 5, 31, 12, 0, 0, TimeSpan.Zero));
        await connection.SelectInboxAsync();
        return connection;
    }

    [TestCase("ALL", "1 2 3 4")]
    [TestCase("SEEN", "1 3")]
    [TestCase("UNSEEN", "2 4")]
    [TestCase("FLAGGED UNDELETED", "2")]
    [TestCase("NOT DELETED", "1 2 4")]
    [TestCase("OR FLAGGED DELETED", "2 3")]
    [TestCase("OR (SEEN UNDELETED) RECENT", "1 4")]
    [TestCase("NEW", "4")]
    [TestCase("OLD", "1 2 3")]
    [TestCase("KEYWORD $Work", "2")]
    [TestCase("UNKEYWORD $work", "1 3 4")]
    [TestCase("LARGER 200", "3")]
    [TestCase("SMALLER 100", "2 4")]
    [TestCase("BEFORE 10-Feb-2024", "1")]
    [TestCase("ON 10-Feb-2024", "2")]
    [TestCase("SINCE 10-Mar-2024", "3 4")]
    [TestCase("2:3", "2 3")]
    [TestCase("UID 3:*", "3 4")]
    [TestCase("* NOT UID 1", "4")]
    [TestCase("YOUNGER 86400", "4")]
    [TestCase("OLDER 86400", "1 2 3")]
    [TestCase("NOT NOT NOT SEEN", "2 4")]
    [TestCase("(((SEEN)))", "1 3")]
    public async Task Search_keys_select_the_right_messages(string criteria, string expected)
    {
        await using var connection = await WithMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "SEARCH " + criteria), Is.EqualTo(new[] { "* SEARCH " + expected, "a OK SEARCH completed" }));
    }

    [Test]
    public async Task Uid_search_with_charset_and_no_match()
    {
        await using var connection = await WithMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "UID SEARCH CHARSET UTF-8 DRAFT"), Is.EqualTo(new[] { "* SEARCH", "a OK UID SEARCH completed" }));
        Assert.That(await connection.CommandAsync("b", "SEARCH CHARSET KOI8-R ALL"), Is.EqualTo(new[] { "b NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset" }));
    }

    [Test]
    public async Task Esearch_return_options_and_searchres()
    {
        await using var connection = await WithMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "UID SEARCH RETURN (MIN MAX COUNT ALL) UNDELETED"), Is.EqualTo(new[]
        {
            "* ESEARCH (TAG \"a\") UID MIN 1 MAX 4 COUNT 3 ALL 1:2,4",
            "a OK UID SEARCH completed",
        }));
        Assert.That(await connection.CommandAsync("b", "SEARCH RETURN (SAVE) FLAGGED"), Is.EqualTo(new[] { "b OK SEARCH completed" }));
        Assert.That(await connection.CommandAsync("c", "FETCH $ UID"), Is.EqualTo(new[] { "* 2 FETCH (UID 2)", "c OK FETCH completed" }));
        Assert.That(await connection.CommandAsync("d", "SEARCH RETURN () OR $ 4"), Is.EqualTo(new[] { "* ESEARCH (TAG \"d\") ALL 2,4", "d OK SEARCH completed" }));
        Assert.That(await connection.CommandAsync("e", "SEARCH RETURN (COUNT) DRAFT"), Is.EqualTo(new[] { "* ESEARCH (TAG \"e\") COUNT 0", "e OK SEARCH completed" }));
    }

    [Test]
    public async Task Rev2_search_answers_with_esearch()
    {
        var connection = new TestConnection();
        connection.Alice.Inbox.Add(Transcript.Message1);
        await connection.LoginAsync();
        await connection.CommandAsync("e", "ENABLE IMAP4rev2");
        await connection.CommandAsync("s", "SELECT INBOX");
        Assert.That(await connection.CommandAsync("a", "SEARCH ALL"), Is.EqualTo(new[] { "* ESEARCH (TAG \"a\") ALL 1", "a OK SEARCH completed" }));
        await connection.DisposeAsync();
    }

    [TestCase("BOGUS")]
    [TestCase("OR SEEN")]
    [TestCase("(SEEN")]
    [TestCase("BEFORE 31-Feb-2024")]
    [TestCase("LARGER x")]
    [TestCase("SEEN )")]
    public async Task Malformed_search_is_bad(string criteria)
    {
        await using var connection = await WithMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "SEARCH " + criteria), Is.EqualTo(new[] { "a BAD Invalid SEARCH criteria" }));
    }

    [Test]
    public async Task Deep_nesting_and_ten_thousand_ors_are_refused_not_fatal()
    {
        await using var connection = await WithMessagesAsync();
        var ors = string.Concat(Enumerable.Repeat("OR SEEN ", 10000)) + "SEEN";
        Assert.That(await connection.CommandAsync("a", "SEARCH " + ors[..Math.Min(ors.Length, 8000)]), Is.EqualTo(new[] { "a BAD Invalid SEARCH criteria" }));
        var parens = new string('(', 3000) + "SEEN" + new string(')', 3000);
        Assert.That(await connection.CommandAsync("b", "SEARCH " + parens), Is.EqualTo(new[] { "b BAD Invalid SEARCH criteria" }));
        Assert.That(await connection.CommandAsync("c", "NOOP"), Is.EqualTo(new[] { "c OK NOOP completed" }));
    }
}
