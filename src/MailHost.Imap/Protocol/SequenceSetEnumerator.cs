using System.Buffers.Text;

namespace MailHost.Imap.Protocol;

/// <summary>Walks the ranges of a sequence set already validated by <see cref="ImapReader.TryReadSequenceSet"/>, without allocating.</summary>
internal ref struct SequenceSetEnumerator
{
    private ReadOnlySpan<byte> _remaining;

    public SequenceSetEnumerator(ReadOnlySpan<byte> set)
    {
        _remaining = set;
        Current = default;
    }

    public SequenceRange Current { get; private set; }

    public readonly SequenceSetEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining[0] == (byte)'$')
        {
            _remaining = _remaining[1..];
            Current = new SequenceRange(0, 0, IsSaved: true);
            SkipComma();
            return true;
        }

        var first = ReadNumber();
        var last = first;
        if (!_remaining.IsEmpty && _remaining[0] == (byte)':')
        {
            _remaining = _remaining[1..];
            last = ReadNumber();
        }

        SkipComma();
        Current = new SequenceRange(Math.Min(first, last), Math.Max(first, last), IsSaved: false);
        return true;
    }

    private uint ReadNumber()
    {
        if (_remaining[0] == (byte)'*')
        {
            _remaining = _remaining[1..];
            return SequenceRange.Star;
        }

        Utf8Parser.TryParse(_remaining, out uint value, out var consumed);
        _remaining = _remaining[consumed..];
        return value;
    }

    private void SkipComma()
    {
        if (!_remaining.IsEmpty && _remaining[0] == (byte)',')
        {
            _remaining = _remaining[1..];
        }
    }
}
