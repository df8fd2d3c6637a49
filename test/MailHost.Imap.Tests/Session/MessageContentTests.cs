using MailHost.Imap.Tests.Fakes;

namespace MailHost.Imap.Tests.Session;

/// <summary>FETCH and SEARCH paths that need the parsed message (ImapMessage over the stored bytes).</summary>
[CancelAfter(20000)]
public sealed class MessageContentTests
{
    private static async Task<TestConnection> WithMessagesAsync()
    {
        var connection = new TestConnection();
        connection.Alice.Inbox.Add(Transcript.Message1);
        connection.Alice.Inbox.Add(Transcript.Message2);
        await connection.SelectInboxAsync();
        return connection;
    }

    [Test]
    public async Task Envelope_and_bodystructure()
    {
        await using var connection = await WithMessagesAsync();
        var reply = await connection.CommandAsync("a", "FETCH 1 (ENVELOPE BODYSTRUCTURE)");
        Assert.That(reply, Is.EqualTo(new[]
        {
            "* 1 FETCH (ENVELOPE (\"Tue, 5 Mar 2024 10:00:00 +0000\" \"Hello\" ((\"Bob\" NIL \"bob\" \"example.org\")) ((\"Bob\" NIL \"bob\" \"example.org\")) ((\"Bob\" NIL \"bob\" \"example.org\")) ((NIL NIL \"alice\" \"example.com\")) NIL NIL NIL NIL) BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1 NIL NIL NIL NIL))",
            "a OK FETCH completed",
        }));
    }

    [Test]
    public async Task Header_fields_text_and_part_sections()
    {
        await using var connection = await WithMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "FETCH 1 BODY.PEEK[HEADER.FIELDS (subject)]"), Is.EqualTo(new[]
        {
            "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {18}",
            "Subject: Hello",
            "",
            ")",
            "a OK FETCH completed",
        }));
        Assert.That(await connection.CommandAsync("b", "UID FETCH 2 (BODY.PEEK[TEXT] BODY.PEEK[1]<0.9>)"), Is.EqualTo(new[]
        {
            "* 2 FETCH (UID 2 BODY[TEXT] {20}",
            "Quarterly numbers.",
            " BODY[1]<0> {9}",
            "Quarterly)",
            "b OK UID FETCH completed",
        }));
        Assert.That(await connection.CommandAsync("c", "FETCH 1 RFC822.HEADER"), Has.Count.EqualTo(8));
    }

    [TestCase("SUBJECT hello", "1")]
    [TestCase("FROM carol", "2")]
    [TestCase("HEADER To alice@example.com", "1")]
    [TestCase("BODY quarterly", "2")]
    [TestCase("TEXT \"Bob\"", "1")]
    [TestCase("NOT BODY quarterly", "1")]
    [TestCase("SENTON 5-Mar-2024", "1")]
    [TestCase("OR SUBJECT report SUBJECT hello", "1 2")]
    public async Task Header_and_text_search(string criteria, string expected)
    {
        await using var connection = await WithMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "SEARCH " + criteria), Is.EqualTo(new[] { "* SEARCH " + expected, "a OK SEARCH completed" }));
    }
}
