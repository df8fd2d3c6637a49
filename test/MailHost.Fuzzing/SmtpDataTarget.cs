using MailHost.Smtp.Data;

namespace MailHost.Fuzzing;

/// <summary>Feeds bytes as a DATA body through <see cref="DotUnstuffer"/> in uneven slices, checking its documented guarantees.</summary>
internal static class SmtpDataTarget
{
    public static void Run(byte[] data)
    {
        if (data.Length == 0)
        {
            return;
        }

        // The first byte picks the slice size, so terminators split across reads are explored.
        var slice = (data[0] % 64) + 1;
        var input = data.AsSpan(1);
        var unstuffer = new DotUnstuffer(maxLineLength: 998);
        var output = new byte[DotUnstuffer.RequiredOutputLength(slice)];
        while (!input.IsEmpty && !unstuffer.IsDone)
        {
            var chunk = input[..Math.Min(slice, input.Length)];
            var consumed = unstuffer.Process(chunk, output, out var written);
            if (consumed <= 0 || consumed > chunk.Length || written < 0 || written > output.Length)
            {
                throw new InvalidOperationException($"DotUnstuffer consumed {consumed} of {chunk.Length}, wrote {written}.");
            }

            if (consumed < chunk.Length && !unstuffer.IsDone)
            {
                throw new InvalidOperationException("DotUnstuffer stopped early without finding the terminator.");
            }

            input = input[consumed..];
        }
    }
}
