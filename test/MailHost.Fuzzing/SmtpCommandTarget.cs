using System.Buffers;
using MailHost.Smtp.Parsing;

namespace MailHost.Fuzzing;

/// <summary>Feeds bytes as an SMTP command stream through the line reader and command parser the way the session loop does.</summary>
internal static class SmtpCommandTarget
{
    public static void Run(byte[] data)
    {
        // Split the input at an arbitrary point so lines crossing segment boundaries (the scratch path) are exercised too.
        var sequence = Segments.Split(data);
        var reader = new SequenceReader<byte>(sequence);
        var scratch = new byte[SmtpLimits.LargestWindow];
        var utf8 = false;
        while (!reader.End)
        {
            var status = SmtpCommandParser.TryRead(ref reader, scratch, utf8, out var command, out var error);
            switch (status)
            {
                case SmtpLineStatus.Complete:
                    if (error == SmtpParseError.None && command.Verb == SmtpVerb.Mail)
                    {
                        utf8 = !utf8;
                    }

                    break;
                case SmtpLineStatus.TooLong:
                    break;
                case SmtpLineStatus.TooLongUnterminated:
                    if (!SmtpLineReader.SkipToLineEnd(ref reader))
                    {
                        return;
                    }

                    break;
                default:
                    // Incomplete: the session would wait for more bytes; the stream is over.
                    return;
            }
        }
    }
}
