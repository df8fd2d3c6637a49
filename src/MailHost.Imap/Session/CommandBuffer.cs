using System.Buffers;

namespace MailHost.Imap.Session;

/// <summary>One command's bytes (its lines and literals) kept contiguous so the tokenizer sees a single segment; pooled.</summary>
internal sealed class CommandBuffer : IDisposable
{
    private byte[] _buffer;

    public CommandBuffer(int initialSize)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlySequence<byte> Sequence => new(_buffer, 0, Length);

    public void Clear() => Length = 0;

    public void Append(ReadOnlySequence<byte> bytes)
    {
        Ensure((int)bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += (int)bytes.Length;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    private void Ensure(int extra)
    {
        if (Length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + extra));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
