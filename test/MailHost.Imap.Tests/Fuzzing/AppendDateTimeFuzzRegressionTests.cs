using System.Buffers;
using System.Text;
using MailHost.Imap.Protocol;

namespace MailHost.Imap.Tests.Fuzzing;

/// <summary>
/// Regression for the imap-command fuzzer's first crash: an APPEND date-time whose zone is beyond ±14:00 (or whose UTC instant
/// falls outside DateTimeOffset's range) threw ArgumentOutOfRangeException from the parser instead of being a syntax error.
/// </summary>
public sealed class AppendDateTimeFuzzRegressionTests
{
    [TestCase("\"17-Jul-1996 02:44:25 -1430\"")]
    [TestCase("\"17-Jul-1996 02:44:25 +1401\"")]
    [TestCase("\"01-Jan-0001 00:00:00 +0100\"")]
    [TestCase("\"31-Dec-9999 23:59:59 -0100\"")]
    public void OutOfRangeDateTimeIsRejectedNotThrown(string wire)
    {
        var reader = new ImapReader(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)));

        var parsed = reader.TryReadDateTime(out _);

        Assert.That(parsed, Is.False);
    }

    [TestCase("\"17-Jul-1996 02:44:25 -1400\"", -14)]
    [TestCase("\"17-Jul-1996 02:44:25 +1400\"", 14)]
    public void ExtremeValidZoneStillParses(string wire, int offsetHours)
    {
        var reader = new ImapReader(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)));

        var parsed = reader.TryReadDateTime(out var value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.True);
            Assert.That(value.Offset, Is.EqualTo(TimeSpan.FromHours(offsetHours)));
        }
    }
}
