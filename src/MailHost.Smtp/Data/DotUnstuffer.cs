namespace MailHost.Smtp.Data;

/// <summary>
/// Streaming DATA decoder (RFC 5321 §4.5.2): removes dot-stuffing, finds the end-of-data line and measures text lines,
/// span in, span out, no allocation. State survives between buffers, so a terminator split across reads is found.
/// </summary>
/// <remarks>
/// Line endings (RFC 5321 §2.3.8), decided after the 2023 SMTP smuggling reports and matching Postfix's
/// <c>smtpd_forbid_bare_newline = normalize</c>:
/// <list type="bullet">
/// <item>Only <c>CRLF . CRLF</c> ends the data. <c>LF . LF</c>, <c>LF . CRLF</c>, <c>CR . CR</c> never do, so no second message
/// can be smuggled past another server's view of where this one ends.</item>
/// <item>A bare LF is stored as CRLF (clients such as <c>curl</c> without <c>--crlf</c> send LF-only files), but the line after it
/// is not a line start: a leading dot there is neither unstuffing nor a terminator, because such clients do not stuff it.</item>
/// <item>A bare CR (not followed by LF) is ordinary data and kept as is; it is neither a line end nor a terminator.</item>
/// </list>
/// The output never exceeds <see cref="RequiredOutputLength"/> of the input.
/// </remarks>
internal struct DotUnstuffer
{
    private State _state;
    private long _lineLength;

    public DotUnstuffer(int maxLineLength)
    {
        MaxLineLength = maxLineLength;
        _state = State.LineStart;
    }

    private enum State : byte
    {
        /// <summary>After CRLF (or at the very start): a dot here is stuffing or the terminator.</summary>
        LineStart,
        Text,
        CarriageReturn,
        Dot,
        DotCarriageReturn,
        Done,
    }

    public int MaxLineLength { get; }

    /// <summary>Some text line was longer than <see cref="MaxLineLength"/> octets (CRLF excluded).</summary>
    public bool LineTooLong { get; private set; }

    public readonly bool IsDone => _state == State.Done;

    /// <summary>A held dot followed by a bare LF expands one input byte to three output bytes.</summary>
    public static int RequiredOutputLength(int inputLength) => (inputLength * 2) + 2;

    /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/> (at least <see cref="RequiredOutputLength"/>).</summary>
    /// <returns>Bytes of input consumed: all of it, or up to and including the terminator's LF once <see cref="IsDone"/>.</returns>
    public int Process(ReadOnlySpan<byte> input, Span<byte> output, out int written)
    {
        if (output.Length < RequiredOutputLength(input.Length))
        {
            throw new ArgumentException("The output must be at least twice as long as the input, plus two.", nameof(output));
        }

        var w = 0;
        var i = 0;
        while (i < input.Length && _state != State.Done)
        {
            if (_state == State.Text)
            {
                // Fast path: copy the run of ordinary bytes up to the next CR or LF in one go.
                var span = input[i..];
                var stop = span.IndexOfAny((byte)'\r', (byte)'\n');
                var run = stop < 0 ? span.Length : stop;
                if (run > 0)
                {
                    span[..run].CopyTo(output[w..]);
                    w += run;
                    i += run;
                    _lineLength += run;
                    if (_lineLength > MaxLineLength)
                    {
                        LineTooLong = true;
                    }

                    continue;
                }
            }

            var b = input[i++];
            switch (_state)
            {
                case State.LineStart:
                    if (b == (byte)'.')
                    {
                        _state = State.Dot;
                    }
                    else
                    {
                        w = Text(b, output, w);
                    }

                    break;
                case State.Text:
                    w = Text(b, output, w);
                    break;
                case State.CarriageReturn:
                    if (b == (byte)'\n')
                    {
                        output[w++] = (byte)'\r';
                        output[w++] = (byte)'\n';
                        _state = State.LineStart;
                        _lineLength = 0;
                    }
                    else
                    {
                        // The held CR was bare: it is data.
                        output[w++] = (byte)'\r';
                        CountLineByte();
                        _state = State.Text;
                        w = Text(b, output, w);
                    }

                    break;
                case State.Dot:
                    if (b == (byte)'\r')
                    {
                        _state = State.DotCarriageReturn;
                    }
                    else if (b == (byte)'\n')
                    {
                        // ".<LF>": not a terminator (smuggling); keep the dot, normalise the line end.
                        output[w++] = (byte)'.';
                        output[w++] = (byte)'\r';
                        output[w++] = (byte)'\n';
                        _state = State.Text;
                        _lineLength = 0;
                    }
                    else
                    {
                        // The leading dot of a line with more characters is removed (RFC 5321 §4.5.2).
                        _state = State.Text;
                        w = Text(b, output, w);
                    }

                    break;
                case State.DotCarriageReturn:
                    if (b == (byte)'\n')
                    {
                        _state = State.Done;
                    }
                    else
                    {
                        // ".<CR>x": the line has more characters, so the dot was stuffing; the CR is bare data.
                        output[w++] = (byte)'\r';
                        CountLineByte();
                        _state = State.Text;
                        w = Text(b, output, w);
                    }

                    break;
            }
        }

        written = w;
        return i;
    }

    private int Text(byte b, Span<byte> output, int w)
    {
        if (b == (byte)'\r')
        {
            _state = State.CarriageReturn;
            return w;
        }

        _state = State.Text;
        if (b == (byte)'\n')
        {
            output[w++] = (byte)'\r';
            output[w++] = (byte)'\n';
            _lineLength = 0;
            return w;
        }

        output[w++] = b;
        CountLineByte();
        return w;
    }

    private void CountLineByte()
    {
        if (++_lineLength > MaxLineLength)
        {
            LineTooLong = true;
        }
    }
}
