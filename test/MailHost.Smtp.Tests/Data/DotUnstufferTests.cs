using System.Text;
using MailHost.Smtp.Data;

namespace MailHost.Smtp.Tests.Data;

public sealed class DotUnstufferTests
{
    [TestCase(".\r\n", "", 3)]
    [TestCase("a\r\n.\r\nNOOP\r\n", "a\r\n", 6)]
    [TestCase("..\r\n.\r\n", ".\r\n", 7)]
    [TestCase(".a\r\n.\r\n", "a\r\n", 7)]
    [TestCase("a\n.\n\r\n.\r\n", "a\r\n.\r\n\r\n", 9)]
    [TestCase("a\r\r\n.\r\n", "a\r\r\n", 7)]
    [TestCase("\r\n..\r\n.\r\n", "\r\n.\r\n", 9)]
    public void Decodes_to_the_terminator(string input, string expected, int consumedExpected)
    {
        var unstuffer = new DotUnstuffer(1000);
        var bytes = Encoding.ASCII.GetBytes(input);
        var output = new byte[DotUnstuffer.RequiredOutputLength(bytes.Length)];
        var consumed = unstuffer.Process(bytes, output, out var written);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unstuffer.IsDone, Is.True);
            Assert.That(consumed, Is.EqualTo(consumedExpected));
            Assert.That(Encoding.ASCII.GetString(output, 0, written), Is.EqualTo(expected));
        }
    }

    [TestCase("..x\r\n.y\r\na\nb\rc\r\n.\n..\r\n.\r\n")]
    [TestCase("QUJD.REVG\r\n.\r\r\n.\r.\r\n..\r\n.\r\n")]
    public void Same_output_however_the_input_is_split(string input)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        var whole = Decode(bytes, bytes.Length);
        for (var chunk = 1; chunk < bytes.Length; chunk++)
        {
            Assert.That(Decode(bytes, chunk), Is.EqualTo(whole), $"chunk size {chunk}");
        }
    }

    [Test]
    public void Flags_a_line_over_the_limit_but_not_one_at_it()
    {
        var atLimit = new DotUnstuffer(10);
        var output = new byte[64];
        atLimit.Process("0123456789\r\n"u8, output, out _);
        Assert.That(atLimit.LineTooLong, Is.False);
        var over = new DotUnstuffer(10);
        over.Process("0123456789A\r\n"u8, output, out _);
        Assert.That(over.LineTooLong, Is.True);
    }

    [Test]
    public void Refuses_an_output_buffer_too_small()
    {
        var unstuffer = new DotUnstuffer(1000);
        Assert.That(() => unstuffer.Process("abc"u8, new byte[4], out _), Throws.ArgumentException);
    }

    [Test]
    public void Does_not_allocate()
    {
        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("..line of text\r\n", 100)) + ".\r\n");
        var output = new byte[DotUnstuffer.RequiredOutputLength(input.Length)];
        var unstuffer = new DotUnstuffer(1000);
        unstuffer.Process(input, output, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            unstuffer = new DotUnstuffer(1000);
            unstuffer.Process(input, output, out _);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static string Decode(byte[] input, int chunk)
    {
        var unstuffer = new DotUnstuffer(1000);
        var result = new StringBuilder();
        var output = new byte[DotUnstuffer.RequiredOutputLength(chunk)];
        for (var offset = 0; offset < input.Length && !unstuffer.IsDone; offset += chunk)
        {
            var piece = input.AsSpan(offset, Math.Min(chunk, input.Length - offset));
            var used = unstuffer.Process(piece, output, out var written);
            result.Append(Encoding.ASCII.GetString(output, 0, written));
            if (unstuffer.IsDone)
            {
                result.Append("|rest=").Append(input.Length - offset - used);
            }
        }

        return result.ToString();
    }
}
