using System.Text;

namespace MailHost.Imap.Protocol;

/// <summary>An astring/nstring as it lies in the command buffer; quoted strings keep their escapes until <see cref="Decode"/>.</summary>
internal readonly ref struct ImapString
{
    public ImapString(ReadOnlySpan<byte> raw, ImapStringKind kind)
    {
        Raw = raw;
        Kind = kind;
    }

    public ReadOnlySpan<byte> Raw { get; }

    public ImapStringKind Kind { get; }

    public bool IsNil => Kind == ImapStringKind.Nil;

    /// <summary>Length of the value after unescaping.</summary>
    public int DecodedLength
    {
        get
        {
            if (Kind != ImapStringKind.Quoted)
            {
                return Raw.Length;
            }

            var length = 0;
            for (var i = 0; i < Raw.Length; i++, length++)
            {
                if (Raw[i] == (byte)'\\')
                {
                    i++;
                }
            }

            return length;
        }
    }

    /// <summary>Copies the unescaped value into <paramref name="destination"/> (at least <see cref="DecodedLength"/> long).</summary>
    public int CopyTo(Span<byte> destination)
    {
        if (Kind != ImapStringKind.Quoted)
        {
            Raw.CopyTo(destination);
            return Raw.Length;
        }

        var length = 0;
        for (var i = 0; i < Raw.Length; i++)
        {
            if (Raw[i] == (byte)'\\')
            {
                i++;
            }

            destination[length++] = Raw[i];
        }

        return length;
    }

    public bool EqualsIgnoreCase(ReadOnlySpan<byte> ascii) =>
        Kind != ImapStringKind.Quoted || Raw.IndexOf((byte)'\\') < 0
            ? System.Text.Ascii.EqualsIgnoreCase(Raw, ascii)
            : Decode().Equals(Encoding.ASCII.GetString(ascii), StringComparison.OrdinalIgnoreCase);

    /// <summary>The value as a string (UTF-8, invalid sequences replaced); only for values that outlive the command buffer.</summary>
    public string Decode()
    {
        if (Kind == ImapStringKind.Nil)
        {
            return string.Empty;
        }

        if (Kind != ImapStringKind.Quoted || Raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(Raw);
        }

        var length = DecodedLength;
        byte[]? rented = null;
        Span<byte> buffer = length <= 256 ? stackalloc byte[256] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = CopyTo(buffer);
            return Encoding.UTF8.GetString(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>True when the unescaped value is valid UTF-8 without NUL, CR or LF.</summary>
    public bool IsCleanUtf8 => System.Text.Unicode.Utf8.IsValid(Raw) && Raw.IndexOfAny((byte)0, (byte)'\r', (byte)'\n') < 0;
}
