using System.Buffers;
using System.Buffers.Text;

namespace MailHost.Imap.Protocol;

/// <summary>
/// IMAP tokenizer over one assembled command (its lines and literals, RFC 9051 §9 grammar). Never allocates for
/// well-formed input when the command lies in one segment, which is how the session hands it over.
/// </summary>
internal ref struct ImapReader
{
    public const int MaxNesting = 64;

    private SequenceReader<byte> _reader;

    public ImapReader(ReadOnlySequence<byte> command)
    {
        _reader = new SequenceReader<byte>(command);
    }

    public readonly bool End => _reader.End;

    /// <summary>The rest of the current segment (the whole rest of the command for the session's contiguous buffer).</summary>
    public readonly ReadOnlySpan<byte> UnreadSpan => _reader.UnreadSpan;

    public void Advance(int count) => _reader.Advance(count);

    public readonly long Consumed => _reader.Consumed;

    public readonly bool TryPeek(out byte value) => _reader.TryPeek(out value);

    public readonly bool IsNext(byte value) => _reader.TryPeek(out var b) && b == value;

    public bool TryConsume(byte value) => _reader.IsNext(value, advancePast: true);

    public bool TryReadSpace() => _reader.IsNext((byte)' ', advancePast: true);

    /// <summary>True at CRLF (or a bare LF, which some clients send) or at the end of input.</summary>
    public readonly bool AtLineEnd
    {
        get
        {
            if (!_reader.TryPeek(out var b))
            {
                return true;
            }

            return b == (byte)'\n' || (b == (byte)'\r' && _reader.TryPeek(1, out var n) && n == (byte)'\n');
        }
    }

    public bool TryReadLineEnd()
    {
        if (_reader.End)
        {
            return true;
        }

        if (_reader.IsNext("\r\n"u8, advancePast: true) || _reader.IsNext((byte)'\n', advancePast: true))
        {
            return true;
        }

        return false;
    }

    public static bool IsAtomChar(byte b) =>
        b > 0x20 && b != 0x7F && b is not ((byte)'(' or (byte)')' or (byte)'{' or (byte)'%' or (byte)'*' or (byte)'"' or (byte)'\\' or (byte)']');

    private static bool IsTagChar(byte b) => IsAtomChar(b) && b != (byte)'+';

    private static bool IsAStringChar(byte b) => IsAtomChar(b) || b == (byte)']';

    private static bool IsListChar(byte b) => IsAtomChar(b) || b is (byte)'%' or (byte)'*' or (byte)']';

    public bool TryReadTag(out ReadOnlySpan<byte> tag) => TryReadWhile(CharClass.Tag, out tag);

    public bool TryReadAtom(out ReadOnlySpan<byte> atom) => TryReadWhile(CharClass.Atom, out atom);

    /// <summary>Reads a run of characters that ends at SP, a parenthesis, a bracket or a '&lt;': fetch attribute and search key names.</summary>
    public bool TryReadKeyword(out ReadOnlySpan<byte> keyword) => TryReadWhile(CharClass.Keyword, out keyword);

    /// <summary>Reads a flag: <c>\Seen</c>, <c>\*</c> or a keyword atom.</summary>
    public bool TryReadFlag(out ReadOnlySpan<byte> flag)
    {
        var start = _reader.Position;
        if (_reader.IsNext((byte)'\\', advancePast: true))
        {
            if (_reader.IsNext((byte)'*', advancePast: true) || TryReadAtom(out _))
            {
                flag = SliceFrom(start);
                return true;
            }

            _reader.Rewind(1);
            flag = default;
            return false;
        }

        return TryReadAtom(out flag);
    }

    public bool TryReadAString(out ImapString value)
    {
        if (!_reader.TryPeek(out var b))
        {
            value = default;
            return false;
        }

        if (b == (byte)'"')
        {
            return TryReadQuoted(out value);
        }

        if (b is (byte)'{' or (byte)'~')
        {
            if (TryReadLiteral(out var literal, out _, out _))
            {
                value = new ImapString(literal, ImapStringKind.Literal);
                return true;
            }

            value = default;
            return false;
        }

        if (TryReadWhile(CharClass.AString, out var atom))
        {
            value = new ImapString(atom, ImapStringKind.Atom);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A LIST pattern: an astring whose atom form may contain <c>%</c> and <c>*</c>.</summary>
    public bool TryReadListMailbox(out ImapString value)
    {
        if (_reader.TryPeek(out var b) && b is (byte)'"' or (byte)'{' or (byte)'~')
        {
            return TryReadAString(out value);
        }

        if (TryReadWhile(CharClass.ListMailbox, out var atom))
        {
            value = new ImapString(atom, ImapStringKind.Atom);
            return true;
        }

        value = default;
        return false;
    }

    public bool TryReadNString(out ImapString value)
    {
        if (_reader.IsNext("NIL"u8, advancePast: false) || _reader.IsNext("nil"u8, advancePast: false))
        {
            var start = _reader.Position;
            if (TryReadAtom(out var atom) && System.Text.Ascii.EqualsIgnoreCase(atom, "NIL"u8))
            {
                value = new ImapString(default, ImapStringKind.Nil);
                return true;
            }

            _reader.Rewind(_reader.Sequence.Slice(start, _reader.Position).Length);
        }

        return TryReadAString(out value);
    }

    public bool TryReadQuoted(out ImapString value)
    {
        value = default;
        if (!_reader.IsNext((byte)'"', advancePast: true))
        {
            return false;
        }

        var start = _reader.Position;
        while (_reader.TryRead(out var b))
        {
            switch (b)
            {
                case (byte)'"':
                    var raw = _reader.Sequence.Slice(start, _reader.Position);
                    value = new ImapString(Flatten(raw.Slice(0, raw.Length - 1)), ImapStringKind.Quoted);
                    return true;
                case (byte)'\\':
                    if (!_reader.TryRead(out var escaped) || escaped is not ((byte)'"' or (byte)'\\'))
                    {
                        return false;
                    }

                    break;
                case 0 or (byte)'\r' or (byte)'\n':
                    return false;
            }
        }

        return false;
    }

    /// <summary>Parses a literal announcement <c>{n}</c>, <c>{n+}</c> or <c>~{n}</c> (no CRLF, no data).</summary>
    public bool TryReadLiteralHeader(out long length, out bool nonSynchronizing, out bool binary)
    {
        length = 0;
        nonSynchronizing = false;
        binary = _reader.IsNext((byte)'~', advancePast: true);
        if (!_reader.IsNext((byte)'{', advancePast: true) || !TryReadNumber64(out length))
        {
            return false;
        }

        nonSynchronizing = _reader.IsNext((byte)'+', advancePast: true);
        return _reader.IsNext((byte)'}', advancePast: true);
    }

    public bool TryReadLiteral(out ReadOnlySpan<byte> data, out bool nonSynchronizing, out bool binary)
    {
        data = default;
        if (!TryReadLiteralHeader(out var length, out nonSynchronizing, out binary) || !TryReadLineEnd() || _reader.Remaining < length)
        {
            return false;
        }

        var start = _reader.Position;
        _reader.Advance(length);
        data = SliceFrom(start);
        if (!binary && data.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        return true;
    }

    public bool TryReadNumber(out uint value)
    {
        if (!TryReadNumber64(out var wide) || wide > uint.MaxValue)
        {
            value = 0;
            return false;
        }

        value = (uint)wide;
        return true;
    }

    /// <summary>number64 of RFC 9051 (at most 2^63-1).</summary>
    public bool TryReadNumber64(out long value)
    {
        value = 0;
        var digits = 0;
        while (_reader.TryPeek(out var b) && b is >= (byte)'0' and <= (byte)'9')
        {
            if (value > (long.MaxValue - 9) / 10)
            {
                return false;
            }

            value = (value * 10) + (b - '0');
            digits++;
            _reader.Advance(1);
        }

        return digits > 0;
    }

    /// <summary>A sequence set (<c>1:*,5,$</c>); the raw text is handed on and enumerated with <see cref="SequenceSetEnumerator"/>.</summary>
    public bool TryReadSequenceSet(out ReadOnlySpan<byte> set)
    {
        var start = _reader.Position;
        set = default;
        if (_reader.IsNext((byte)'$', advancePast: true))
        {
            set = SliceFrom(start);
            return true;
        }

        while (true)
        {
            if (!TryReadSeqNumber())
            {
                return false;
            }

            if (_reader.IsNext((byte)':', advancePast: true) && !TryReadSeqNumber())
            {
                return false;
            }

            if (!_reader.IsNext((byte)',', advancePast: true))
            {
                break;
            }
        }

        set = SliceFrom(start);
        return true;
    }

    private bool TryReadSeqNumber()
    {
        if (_reader.IsNext((byte)'*', advancePast: true))
        {
            return true;
        }

        return TryReadNumber(out var n) && n > 0;
    }

    /// <summary>Skips one balanced parenthesised list (for arguments we accept but ignore); bounded nesting.</summary>
    public bool TrySkipList()
    {
        if (!_reader.IsNext((byte)'(', advancePast: true))
        {
            return false;
        }

        var depth = 1;
        while (depth > 0)
        {
            if (!_reader.TryPeek(out var b))
            {
                return false;
            }

            switch (b)
            {
                case (byte)'(':
                    if (++depth > MaxNesting)
                    {
                        return false;
                    }

                    _reader.Advance(1);
                    break;
                case (byte)')':
                    depth--;
                    _reader.Advance(1);
                    break;
                case (byte)'"' or (byte)'{' or (byte)'~':
                    if (!TryReadAString(out _))
                    {
                        return false;
                    }

                    break;
                case (byte)'\r' or (byte)'\n' or 0:
                    return false;
                default:
                    _reader.Advance(1);
                    break;
            }
        }

        return true;
    }

    /// <summary>An INTERNALDATE / search date: <c>d-Mon-yyyy</c>, optionally quoted.</summary>
    public bool TryReadDate(out DateOnly date)
    {
        var quoted = TryConsume((byte)'"');
        date = default;
        if (!TryReadNumber(out var day) || !TryConsume((byte)'-') || !TryReadMonth(out var month) || !TryConsume((byte)'-') ||
            !TryReadNumber(out var year))
        {
            return false;
        }

        if (quoted && !TryConsume((byte)'"'))
        {
            return false;
        }

        if (year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth((int)year, month))
        {
            return false;
        }

        date = new DateOnly((int)year, month, (int)day);
        return true;
    }

    /// <summary>APPEND's date-time: <c>"dd-Mon-yyyy hh:mm:ss +zzzz"</c>.</summary>
    public bool TryReadDateTime(out DateTimeOffset value)
    {
        value = default;
        if (!TryConsume((byte)'"'))
        {
            return false;
        }

        TryConsume((byte)' ');
        if (!TryReadNumber(out var day) || !TryConsume((byte)'-') || !TryReadMonth(out var month) || !TryConsume((byte)'-') ||
            !TryReadNumber(out var year) || !TryReadSpace() ||
            !TryReadFixedDigits(2, out var hour) || !TryConsume((byte)':') || !TryReadFixedDigits(2, out var minute) || !TryConsume((byte)':') ||
            !TryReadFixedDigits(2, out var second) || !TryReadSpace() || !_reader.TryRead(out var sign) || sign is not ((byte)'+' or (byte)'-') ||
            !TryReadFixedDigits(4, out var zone) || !TryConsume((byte)'"'))
        {
            return false;
        }

        if (year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth((int)year, month) || hour > 23 || minute > 59 || second > 60 ||
            zone % 100 > 59 || (zone / 100 * 60) + (zone % 100) > 14 * 60)
        {
            // DateTimeOffset throws beyond ±14:00 (e.g. "-1430"); found by fuzzing.
            return false;
        }

        var offset = new TimeSpan(zone / 100, zone % 100, 0);
        var utcTicks = new DateTime((int)year, month, (int)day, hour, minute, Math.Min(second, 59)).Ticks - (sign == (byte)'-' ? -offset : offset).Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            // The UTC instant must exist too: "01-Jan-0001 00:00:00 +0100" would also throw.
            return false;
        }

        value = new DateTimeOffset((int)year, month, (int)day, hour, minute, Math.Min(second, 59), sign == (byte)'-' ? -offset : offset);
        return true;
    }

    private bool TryReadFixedDigits(int count, out int value)
    {
        value = 0;
        for (var i = 0; i < count; i++)
        {
            if (!_reader.TryRead(out var b) || b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private bool TryReadMonth(out int month)
    {
        month = 0;
        Span<byte> name = stackalloc byte[3];
        if (!_reader.TryCopyTo(name))
        {
            return false;
        }

        month = ImapDates.MonthFromName(name);
        if (month == 0)
        {
            return false;
        }

        _reader.Advance(3);
        return true;
    }

    private bool TryReadWhile(CharClass charClass, out ReadOnlySpan<byte> token)
    {
        var start = _reader.Position;
        while (_reader.TryPeek(out var b) && IsIn(charClass, b))
        {
            _reader.Advance(1);
        }

        token = SliceFrom(start);
        return !token.IsEmpty;
    }

    private readonly ReadOnlySpan<byte> SliceFrom(SequencePosition start) => Flatten(_reader.Sequence.Slice(start, _reader.Position));

    private static ReadOnlySpan<byte> Flatten(ReadOnlySequence<byte> sequence) => sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();

    private static bool IsIn(CharClass charClass, byte b) => charClass switch
    {
        CharClass.Tag => IsTagChar(b),
        CharClass.Atom => IsAtomChar(b),
        CharClass.AString => IsAStringChar(b),
        CharClass.ListMailbox => IsListChar(b),
        _ => IsAtomChar(b) && b is not ((byte)'[' or (byte)'<'),
    };
}
