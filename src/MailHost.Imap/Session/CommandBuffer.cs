using System.Buffers;

namespace MailHost.Imap.Session;

/// <summary>
/// One command's bytes (its lines and literals) kept contiguous so the tokenizer sees a single segment; pooled, and rented
/// only while a command is being read or handled: a session waiting for its next command (most of them, most of the time,
/// e.g. in IDLE) holds no buffer.
/// </summary>
internal sealed class CommandBuffer : IDisposable
{
    private readonly int _initialSize;
    private byte[] _buffer = [];

    public CommandBuffer(int initialSize)
    {
        _initialSize = initialSize;
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlySequence<byte> Sequence => new(_buffer, 0, Length);

    public void Clear() => Length = 0;

    /// <summary>Clears and gives the buffer back to the pool (between commands; nothing may still refer to its bytes).</summary>
    public void Release()
    {
        Length = 0;
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

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

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(_buffer.Length * 2, _initialSize), Length + extra));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }

    public void Dispose() => Release();
}
