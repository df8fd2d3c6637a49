using System.Buffers;
using System.Text;
using MailHost.Smtp.Parsing;

namespace MailHost.Smtp.Tests.Parsing;

public sealed class SmtpCommandParserTests
{
    private static SmtpParseError Parse(string line, out SmtpVerb verb, out string address, out long size, bool rcptUtf8 = false)
    {
        var error = SmtpCommandParser.Parse(Encoding.UTF8.GetBytes(line), rcptUtf8, out var command);
        verb = command.Verb;
        address = Encoding.UTF8.GetString(command.Address);
        size = command.DeclaredSize;
        return error;
    }

    [TestCase("EHLO mx.example.test", "Ehlo")]
    [TestCase("ehlo mx.example.test", "Ehlo")]
    [TestCase("HELO [192.0.2.1]", "Helo")]
    [TestCase("LHLO client", "Lhlo")]
    [TestCase("DATA", "Data")]
    [TestCase("RSET ", "Rset")]
    [TestCase("NOOP", "Noop")]
    [TestCase("QUIT", "Quit")]
    [TestCase("VRFY alice", "Vrfy")]
    [TestCase("HELP", "Help")]
    [TestCase("StartTLS", "StartTls")]
    [TestCase("AUTH PLAIN", "Auth")]
    [TestCase("BDAT 10 LAST", "Bdat")]
    public void Verbs_are_matched_case_insensitively(string line, string expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Parse(line, out var verb, out _, out _), Is.EqualTo(SmtpParseError.None));
            Assert.That(verb, Is.EqualTo(Enum.Parse<SmtpVerb>(expected)));
        }
    }

    [TestCase("EXPN list")]
    [TestCase("MAILX FROM:<a@b.c>")]
    [TestCase("")]
    [TestCase(" EHLO x")]
    public void Unknown_commands(string line) =>
        Assert.That(Parse(line, out _, out _, out _), Is.EqualTo(SmtpParseError.UnknownCommand));

    [TestCase("MAIL FROM:<a@b.test>", "a@b.test", -1L)]
    [TestCase("MAIL FROM:<>", "", -1L)]
    [TestCase("mail from:<A@B.test> size=12345", "A@B.test", 12345L)]
    [TestCase("MAIL FROM:<a@b.test>  SIZE=0  BODY=8BITMIME  ", "a@b.test", 0L)]
    [TestCase("MAIL FROM:<\"a>b\"@b.test>", "\"a>b\"@b.test", -1L)]
    [TestCase("MAIL FROM:<\"a\\\"b\"@b.test>", "\"a\\\"b\"@b.test", -1L)]
    [TestCase("MAIL FROM:<@r1.test,@r2.test:a@b.test>", "a@b.test", -1L)]
    [TestCase("MAIL FROM:<a@[IPv6:2001:db8::1]>", "a@[IPv6:2001:db8::1]", -1L)]
    [TestCase("MAIL FROM:<jörg@bücher.test> SMTPUTF8", "jörg@bücher.test", -1L)]
    public void Mail_addresses_and_size(string line, string expectedAddress, long expectedSize)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Parse(line, out var verb, out var address, out var size), Is.EqualTo(SmtpParseError.None));
            Assert.That(verb, Is.EqualTo(SmtpVerb.Mail));
            Assert.That(address, Is.EqualTo(expectedAddress));
            Assert.That(size, Is.EqualTo(expectedSize));
        }
    }

    [Test]
    public void Mail_parameters_are_all_parsed()
    {
        var line = "MAIL FROM:<a@b.test> SIZE=100 BODY=BINARYMIME SMTPUTF8 RET=HDRS ENVID=QQ+2Bid AUTH=<>"u8;
        Assert.That(SmtpCommandParser.Parse(line, false, out var command), Is.EqualTo(SmtpParseError.None));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(command.DeclaredSize, Is.EqualTo(100));
            Assert.That(command.Body, Is.EqualTo(SmtpBodyType.BinaryMime));
            Assert.That(command.SmtpUtf8, Is.True);
            Assert.That(command.Return, Is.EqualTo(DsnReturn.Headers));
            Assert.That(Encoding.ASCII.GetString(command.EnvelopeId), Is.EqualTo("QQ+2Bid"));
            Assert.That(Encoding.ASCII.GetString(command.AuthParameter), Is.EqualTo("<>"));
        }
    }

    [Test]
    public void Rcpt_dsn_parameters_are_parsed()
    {
        var line = "RCPT TO:<a@b.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;a@b.test"u8;
        Assert.That(SmtpCommandParser.Parse(line, false, out var command), Is.EqualTo(SmtpParseError.None));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(command.Notify, Is.EqualTo(DsnNotify.Success | DsnNotify.Delay));
            Assert.That(Encoding.ASCII.GetString(command.OriginalRecipient), Is.EqualTo("rfc822;a@b.test"));
            Assert.That(command.IsPostmaster, Is.False);
        }
    }

    [TestCase("RCPT TO:<postmaster>", true)]
    [TestCase("RCPT TO:<PostMaster>", true)]
    [TestCase("RCPT TO:<postmaster@b.test>", false)]
    public void Bare_postmaster(string line, bool postmaster)
    {
        Assert.That(SmtpCommandParser.Parse(Encoding.ASCII.GetBytes(line), false, out var command), Is.EqualTo(SmtpParseError.None));
        Assert.That(command.IsPostmaster, Is.EqualTo(postmaster));
    }

    [TestCase("MAIL FROM:<a\u0000b@c.test>", "BadAddress")]
    [TestCase("MAIL FROM:<a\rb@c.test>", "BadAddress")]
    [TestCase("MAIL FROM:<a\tb@c.test>", "BadAddress")]
    [TestCase("MAIL FROM:<a@c.test", "BadAddress")]
    [TestCase("MAIL FROM:<.a@c.test>", "BadAddress")]
    [TestCase("MAIL FROM:<a.@c.test>", "BadAddress")]
    [TestCase("MAIL FROM:<a@c..test>", "BadAddress")]
    [TestCase("MAIL FROM:<a@c.test->", "BadAddress")]
    [TestCase("MAIL FROM:<a@>", "BadAddress")]
    [TestCase("MAIL FROM:<@c.test>", "BadAddress")]
    [TestCase("MAIL FROM:<a@c.test>x", "SyntaxError")]
    [TestCase("MAIL FROM:<jörg@c.test>", "NeedsSmtpUtf8")]
    [TestCase("MAIL FROM:<a@c.test> SIZE=", "SyntaxError")]
    [TestCase("MAIL FROM:<a@c.test> SIZE=-1", "BadParameterValue")]
    [TestCase("MAIL FROM:<a@c.test> SIZE=99999999999999999999", "BadParameterValue")]
    [TestCase("MAIL FROM:<a@c.test> SMTPUTF8=yes", "BadParameterValue")]
    [TestCase("MAIL FROM:<a@c.test> RET=ALL", "BadParameterValue")]
    [TestCase("MAIL FROM:<a@c.test> XFOO", "UnsupportedParameter")]
    [TestCase("MAIL FROM <a@c.test>", "SyntaxError")]
    [TestCase("RCPT TO:<a@c.test> NOTIFY=SUCCESS,SUCCESS", "BadParameterValue")]
    [TestCase("RCPT TO:<a@c.test> NOTIFY=", "SyntaxError")]
    [TestCase("RCPT TO:<>", "BadAddress")]
    [TestCase("RCPT TO:<zoë@c.test>", "NeedsSmtpUtf8")]
    [TestCase("BDAT", "SyntaxError")]
    [TestCase("BDAT x", "SyntaxError")]
    [TestCase("BDAT 1 LAST now", "SyntaxError")]
    [TestCase("AUTH", "SyntaxError")]
    [TestCase("AUTH PL@IN", "SyntaxError")]
    [TestCase("AUTH PLAIN a b", "SyntaxError")]
    [TestCase("EHLO", "SyntaxError")]
    [TestCase("EHLO a b", "SyntaxError")]
    [TestCase("EHLO a\rb", "SyntaxError")]
    [TestCase("QUIT now", "SyntaxError")]
    public void Malformed_commands(string line, string expected) =>
        Assert.That(Parse(line, out _, out _, out _), Is.EqualTo(Enum.Parse<SmtpParseError>(expected)));

    [Test]
    public void Utf8_recipient_is_allowed_when_the_transaction_said_smtputf8() =>
        Assert.That(Parse("RCPT TO:<zoë@c.test>", out _, out var address, out _, rcptUtf8: true), Is.EqualTo(SmtpParseError.None));

    [Test]
    public void Invalid_utf8_is_refused_even_under_smtputf8() =>
        Assert.That(SmtpCommandParser.Parse([.. "RCPT TO:<a"u8, 0xC3, 0x28, .. "@c.test>"u8], true, out _), Is.EqualTo(SmtpParseError.BadAddress));

    [TestCase(64, "None")]
    [TestCase(65, "AddressTooLong")]
    [TestCase(1000, "AddressTooLong")]
    public void Local_part_limit(int length, string expected) =>
        Assert.That(Parse("RCPT TO:<" + new string('a', length) + "@c.test>", out _, out _, out _), Is.EqualTo(Enum.Parse<SmtpParseError>(expected)));

    [Test]
    public void Non_mail_commands_over_512_octets_are_too_long()
    {
        Assert.That(Parse("NOOP " + new string('x', 505), out _, out _, out _), Is.EqualTo(SmtpParseError.None));
        Assert.That(Parse("NOOP " + new string('x', 506), out _, out _, out _), Is.EqualTo(SmtpParseError.LineTooLong));
    }

    [TestCase("BDAT 0 LAST", 0L, true)]
    [TestCase("BDAT 1048576", 1048576L, false)]
    [TestCase("bdat 7 last", 7L, true)]
    public void Bdat_sizes(string line, long size, bool last)
    {
        Assert.That(SmtpCommandParser.Parse(Encoding.ASCII.GetBytes(line), false, out var command), Is.EqualTo(SmtpParseError.None));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(command.ChunkSize, Is.EqualTo(size));
            Assert.That(command.IsLastChunk, Is.EqualTo(last));
        }
    }

    [TestCase("AUTH PLAIN", "PLAIN", false, "")]
    [TestCase("AUTH LOGIN dXNlcg==", "LOGIN", true, "dXNlcg==")]
    [TestCase("AUTH PLAIN =", "PLAIN", true, "=")]
    public void Auth_mechanism_and_initial_response(string line, string mechanism, bool hasInitial, string initial)
    {
        Assert.That(SmtpCommandParser.Parse(Encoding.ASCII.GetBytes(line), false, out var command), Is.EqualTo(SmtpParseError.None));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.ASCII.GetString(command.Mechanism), Is.EqualTo(mechanism));
            Assert.That(command.HasInitialResponse, Is.EqualTo(hasInitial));
            Assert.That(Encoding.ASCII.GetString(command.Argument), Is.EqualTo(initial));
        }
    }

    [Test]
    public void A_line_split_across_segments_is_read_whole()
    {
        var sequence = Segments("MAIL FROM:<al", "ice@exa", "mple.test> SIZE=5\r\nNOOP\r\n");
        var reader = new SequenceReader<byte>(sequence);
        var scratch = new byte[SmtpLimits.LargestWindow];
        Assert.That(SmtpCommandParser.TryRead(ref reader, scratch, false, out var command, out var error), Is.EqualTo(SmtpLineStatus.Complete));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error, Is.EqualTo(SmtpParseError.None));
            Assert.That(Encoding.ASCII.GetString(command.Address), Is.EqualTo("alice@example.test"));
            Assert.That(command.DeclaredSize, Is.EqualTo(5));
        }

        Assert.That(SmtpCommandParser.TryRead(ref reader, scratch, false, out command, out _), Is.EqualTo(SmtpLineStatus.Complete));
        Assert.That(command.Verb, Is.EqualTo(SmtpVerb.Noop));
        Assert.That(reader.End, Is.True);
    }

    [Test]
    public void An_unterminated_line_beyond_the_window_is_reported_without_reading_on()
    {
        var sequence = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("MAIL FROM:<" + new string('a', 10_000)));
        var reader = new SequenceReader<byte>(sequence);
        var scratch = new byte[SmtpLimits.LargestWindow];
        Assert.That(SmtpCommandParser.TryRead(ref reader, scratch, false, out _, out _), Is.EqualTo(SmtpLineStatus.TooLongUnterminated));
        Assert.That(reader.Consumed, Is.Zero);
    }

    [Test]
    public void An_incomplete_line_asks_for_more()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("MAIL FROM:<a@b.test>\r"u8.ToArray()));
        Assert.That(SmtpCommandParser.TryRead(ref reader, new byte[SmtpLimits.LargestWindow], false, out _, out _), Is.EqualTo(SmtpLineStatus.Incomplete));
        Assert.That(reader.Consumed, Is.Zero);
    }

    [Test]
    public void Well_formed_commands_do_not_allocate()
    {
        var lines = new[]
        {
            "EHLO client.example.test\r\n"u8.ToArray(),
            "MAIL FROM:<alice@example.test> SIZE=12345 BODY=8BITMIME SMTPUTF8\r\n"u8.ToArray(),
            "RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.test\r\n"u8.ToArray(),
            "BDAT 65536 LAST\r\n"u8.ToArray(),
        };
        var scratch = new byte[SmtpLimits.LargestWindow];
        ParseAll(lines, scratch);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ParseAll(lines, scratch);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static void ParseAll(byte[][] lines, byte[] scratch)
    {
        foreach (var line in lines)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(line));
            if (SmtpCommandParser.TryRead(ref reader, scratch, false, out _, out var error) != SmtpLineStatus.Complete || error != SmtpParseError.None)
            {
                throw new AssertionException("parse failed");
            }
        }
    }

    internal static ReadOnlySequence<byte> Segments(params string[] parts)
    {
        var first = new Segment(Encoding.UTF8.GetBytes(parts[0]), 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(Encoding.UTF8.GetBytes(part));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
