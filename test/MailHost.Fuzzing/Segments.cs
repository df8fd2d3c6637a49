using System.Buffers;

namespace MailHost.Fuzzing;

/// <summary>Builds a two-segment sequence from fuzz input, split at a point the input itself chooses.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] data)
    {
        if (data.Length < 2)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var at = data[0] % data.Length;
        var first = new Segments(data.AsMemory(0, at), 0);
        var last = new Segments(data.AsMemory(at), at);
        first.Next = last;
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
