using MailHost.Imap.Messages;
using MailHost.Imap.Tests.Fakes;
using MailHost.Store;

namespace MailHost.Imap.Tests.Session;

[CancelAfter(20000)]
public sealed class FetchTests
{
    private static async Task<TestConnection> WithTwoMessagesAsync()
    {
        var connection = new TestConnection();
        connection.Alice.Inbox.Add(Transcript.Message1, MessageFlags.Seen, keywords: ["$Work"]);
        connection.Alice.Inbox.Add(Transcript.Message2);
        await connection.SelectInboxAsync();
        return connection;
    }

    [Test]
    public async Task Fetch_of_a_message_gone_underneath_answers_the_rest_then_expungeissued()
    {
        await using var connection = await WithTwoMessagesAsync();
        connection.Alice.Inbox.Messages.RemoveAt(0);
        Assert.That(await connection.CommandAsync("a", "FETCH 1:2 (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (X-NONE)])"), Is.EqualTo(new[]
        {
            "* 2 FETCH (RFC822.SIZE " + Transcript.Message2.Length + " BODY[HEADER.FIELDS (X-NONE)] {2}",
            "",
            ")",
            "a NO [EXPUNGEISSUED] Some of the requested messages no longer exist",
        }));
        Assert.That(await connection.CommandAsync("b", "NOOP"), Is.EqualTo(new[] { "* 1 EXPUNGE", "b OK NOOP completed" }));
        Assert.That(await connection.CommandAsync("c", "FETCH 1 (UID)"), Is.EqualTo(new[] { "* 1 FETCH (UID 2)", "c OK FETCH completed" }));
    }

    [Test]
    public async Task Header_fetch_of_a_cached_message_opens_no_file_and_whole_message_fetch_opens_it_once()
    {
        var connection = new TestConnection(messageCache: new ImapMessageCache(new ImapMessageCacheOptions()));
        await using var _ = connection;
        connection.Alice.Inbox.Add(Transcript.Message1);
        await connection.SelectInboxAsync();
        var inbox = connection.Alice.Inbox;
        var header = Transcript.Message1[..(Transcript.Message1.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        string[] expected = [$"* 1 FETCH (RFC822.SIZE {Transcript.Message1.Length} BODY[HEADER] {{{header.Length}}}", .. header.Split("\r\n")[..^1], ")", "a OK FETCH completed"];

        var first = await connection.CommandAsync("a", "FETCH 1 (RFC822.SIZE BODY.PEEK[HEADER])");
        var opensFirst = inbox.Opens;
        var second = await connection.CommandAsync("a", "FETCH 1 (RFC822.SIZE BODY.PEEK[HEADER])");
        var opensSecond = inbox.Opens - opensFirst;
        var whole = await connection.CommandAsync("b", "FETCH 1 (BODY.PEEK[HEADER] BODY.PEEK[TEXT])");
        var opensWhole = inbox.Opens - opensFirst - opensSecond;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(expected));
            Assert.That(second, Is.EqualTo(expected));
            Assert.That(opensFirst, Is.EqualTo(1), "parsing the message and answering its header opened the file twice");
            Assert.That(opensSecond, Is.Zero, "the cached message's header was read from its file again");
            Assert.That(opensWhole, Is.EqualTo(1), "TEXT is a range of the file");
            Assert.That(whole[^2], Is.EqualTo(")"));
            Assert.That(whole, Does.Contain("Hi Alice."));
        }
    }

    [Test]
    public async Task Fetch_metadata_items()
    {
        await using var connection = await WithTwoMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE)"), Is.EqualTo(new[]
        {
            $"* 1 FETCH (UID 1 FLAGS (\\Seen $Work) INTERNALDATE \"05-Mar-2024 10:20:30 +0100\" RFC822.SIZE {Transcript.Message1.Length})",
            $"* 2 FETCH (UID 2 FLAGS () INTERNALDATE \"05-Mar-2024 10:20:30 +0100\" RFC822.SIZE {Transcript.Message2.Length})",
            "a OK FETCH completed",
        }));
    }

    [Test]
    public async Task Uid_fetch_adds_uid_and_uses_uid_ranges()
    {
        await using var connection = await WithTwoMessagesAsync();
        Assert.That(await connection.CommandAsync("a", "UID FETCH 2:* FLAGS"), Is.EqualTo(new[] { "* 2 FETCH (UID 2 FLAGS ())", "a OK UID FETCH completed" }));
        Assert.That(await connection.CommandAsync("b", "UID FETCH 100:* FLAGS"), Is.EqualTo(new[] { "* 2 FETCH (UID 2 FLAGS ())", "b OK UID FETCH completed" }));
        Assert.That(await connection.CommandAsync("c", "FETCH 5 FLAGS"), Is.EqualTo(new[] { "c OK FETCH completed" }));
    }

    [Test]
    public async Task A_file_with_unix_line_ends_is_sent_with_CRLF_and_the_literal_matches_RFC822_SIZE()
    {
        // Dovecot writes its Maildir files with bare LFs; a Maildir copied in keeps them.
        const string unix = "From: lf@example.org\nSubject: lf only\n\nline1\nline2\n";
        var wire = unix.Replace("\n", "\r\n", StringComparison.Ordinal);
        await using var connection = new TestConnection();
        connection.Alice.Inbox.Add(unix);
        await connection.SelectInboxAsync();

        var whole = await connection.CommandAsync("a", "FETCH 1 (RFC822.SIZE BODY.PEEK[])");
        var text = await connection.CommandAsync("b", "FETCH 1 BODY.PEEK[TEXT]");
        var partial = await connection.CommandAsync("c", "FETCH 1 BODY.PEEK[TEXT]<5.4>");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whole, Is.EqualTo(new[]
            {
                $"* 1 FETCH (RFC822.SIZE {wire.Length} BODY[] {{{wire.Length}}}",
                "From: lf@example.org", "Subject: lf only", "", "line1", "line2", ")", "a OK FETCH completed",
            }));
            Assert.That(text, Is.EqualTo(new[] { "* 1 FETCH (BODY[TEXT] {14}", "line1", "line2", ")", "b OK FETCH completed" }));
            Assert.That(partial, Is.EqualTo(new[] { "* 1 FETCH (BODY[TEXT]<5> {4}", "", "li)", "c OK FETCH completed" }), "the partial counts the CRs sent");
        }
    }

    [Test]
    public async Task Body_fetch_sets_seen_and_peek_does_not()
    {
        await using var connection = await WithTwoMessagesAsync();
        var body = Transcript.Message2;
        var peek = await connection.CommandAsync("a", "FETCH 2 BODY.PEEK[]<0.4>");
        Assert.That(peek, Is.EqualTo(new[] { "* 2 FETCH (BODY[]<0> {4}", "From)", "a OK FETCH completed" }));
        Assert.That(connection.Alice.Inbox.Messages[1].Flags, Is.EqualTo(MessageFlags.None));
        var full = await connection.CommandAsync("b", "FETCH 2 BODY[]");
        var expected = new List<string> { $"* 2 FETCH (FLAGS (\\Seen) BODY[] {{{body.Length}}}" };
        var bodyLines = body.Split("\r\n");
        expected.AddRange(bodyLines[..^1]);
        expected.Add(")");
        expected.Add("b OK FETCH completed");
        Assert.That(full, Is.EqualTo(expected));
        Assert.That(connection.Alice.Inbox.Messages[1].Flags, Is.EqualTo(MessageFlags.Seen));
    }

    [Test]
    public async Task Rfc822_and_binary_of_whole_message()
    {
        await using var connection = await WithTwoMessagesAsync();
        var reply = await connection.CommandAsync("a", "FETCH 1 (RFC822.SIZE BINARY.PEEK[]<0.5> BINARY.SIZE[])");
        Assert.That(reply, Is.EqualTo(new[]
        {
            $"* 1 FETCH (RFC822.SIZE {Transcript.Message1.Length} BINARY[]<0> ~{{5}}",
            $"From: BINARY.SIZE[] {Transcript.Message1.Length})",
            "a OK FETCH completed",
        }));
    }

    [TestCase("FETCH 1 (FLAGS")]
    [TestCase("FETCH 1 BODY[HEADER.FIELDS ()]")]
    [TestCase("FETCH 1 BODY[1.]")]
    [TestCase("FETCH 1 BODY[MIME]")]
    [TestCase("FETCH 1 BODY[]<5>")]
    [TestCase("FETCH 1 BODY.PEEK")]
    [TestCase("FETCH 0 FLAGS")]
    [TestCase("FETCH 1 BOGUS")]
    [TestCase("FETCH 1 BINARY[1.HEADER]")]
    public async Task Malformed_fetch_is_bad(string command)
    {
        await using var connection = await WithTwoMessagesAsync();
        Assert.That(await connection.CommandAsync("a", command), Is.EqualTo(new[] { "a BAD Invalid FETCH arguments" }));
    }

    [Test]
    public async Task Huge_overlapping_sequence_sets_resolve_once()
    {
        await using var connection = await WithTwoMessagesAsync();
        var set = string.Join(',', Enumerable.Repeat("1:4294967295,1:*", 300));
        Assert.That(await connection.CommandAsync("a", "UID FETCH " + set + " UID"), Is.EqualTo(new[]
        {
            "* 1 FETCH (UID 1)",
            "* 2 FETCH (UID 2)",
            "a OK UID FETCH completed",
        }));
    }
}
