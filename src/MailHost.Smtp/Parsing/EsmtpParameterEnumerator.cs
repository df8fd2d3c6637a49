using System.Buffers;

namespace MailHost.Smtp.Parsing;

/// <summary>
/// Walks the ESMTP parameters after a MAIL or RCPT path (RFC 5321 §4.1.2: <c>esmtp-param *(SP esmtp-param)</c>, spaces
/// tolerated in runs) without allocating. <see cref="MoveNext"/> returns false at the end of the line and on a malformed
/// parameter; the caller tells the two apart with <see cref="IsMalformed"/> once the loop has ended.
/// </summary>
internal ref struct EsmtpParameterEnumerator
{
    private static readonly SearchValues<byte> KeywordCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    private readonly ReadOnlySpan<byte> _text;
    private int _position;

    /// <param name="text">What follows the path: empty, or a space and the parameters.</param>
    public EsmtpParameterEnumerator(ReadOnlySpan<byte> text) => _text = text;

    public EsmtpParameter Current { get; private set; }

    /// <summary>The last <see cref="MoveNext"/> stopped at a parameter that is not <c>keyword[=value]</c>.</summary>
    public bool IsMalformed { get; private set; }

    public bool MoveNext()
    {
        Current = default;
        if (IsMalformed || _position >= _text.Length)
        {
            return false;
        }

        if (_text[_position] != (byte)' ')
        {
            return Malformed();
        }

        var rest = _text[_position..];
        var start = _position + (rest.Length - rest.TrimStart((byte)' ').Length);
        if (start == _text.Length)
        {
            _position = start;
            return false;
        }

        var space = _text[start..].IndexOf((byte)' ');
        var end = space < 0 ? _text.Length : start + space;
        _position = end;
        var token = _text[start..end];
        var equals = token.IndexOf((byte)'=');
        var keyword = equals < 0 ? token : token[..equals];
        if (keyword.IsEmpty || keyword.IndexOfAnyExcept(KeywordCharacters) >= 0)
        {
            return Malformed();
        }

        if (equals < 0)
        {
            Current = new EsmtpParameter { Keyword = keyword };
            return true;
        }

        // esmtp-value is %d33-60 / %d62-126 or UTF-8: no controls, no space, no DEL.
        var value = token[(equals + 1)..];
        if (value.IsEmpty || value.IndexOfAnyInRange((byte)0, (byte)32) >= 0 || value.Contains((byte)0x7F))
        {
            return Malformed();
        }

        Current = new EsmtpParameter { Keyword = keyword, Value = value, HasValue = true };
        return true;
    }

    private bool Malformed()
    {
        IsMalformed = true;
        return false;
    }
}
