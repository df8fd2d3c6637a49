namespace MailHost.Imap.Session;

/// <summary>A literal announced at the end of a command line.</summary>
internal readonly record struct PendingLiteral(long Length, bool NonSynchronizing)
{
    /// <summary>
    /// The literal announced at the end of <paramref name="line"/>: <c>{n}</c>, <c>{n+}</c>, <c>~{n}</c>; null when none. A size
    /// too big to represent comes back as <see cref="long.MaxValue"/> so the caller refuses it rather than misreading it.
    /// </summary>
    public static PendingLiteral? AtLineEnd(ReadOnlySpan<byte> line)
    {
        var end = line.Length;
        if (end > 0 && line[end - 1] == (byte)'\n')
        {
            end--;
        }

        if (end > 0 && line[end - 1] == (byte)'\r')
        {
            end--;
        }

        if (end < 3 || line[end - 1] != (byte)'}')
        {
            return null;
        }

        var open = line[..end].LastIndexOf((byte)'{');
        if (open < 0)
        {
            return null;
        }

        var inner = line[(open + 1)..(end - 1)];
        var nonSync = inner.Length > 0 && inner[^1] == (byte)'+';
        if (nonSync)
        {
            inner = inner[..^1];
        }

        if (inner.IsEmpty || inner.Length > 19)
        {
            return inner.Length > 19 ? new PendingLiteral(long.MaxValue, nonSync) : null;
        }

        long length = 0;
        foreach (var b in inner)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return null;
            }

            length = (length * 10) + (b - '0');
            if (length < 0)
            {
                return new PendingLiteral(long.MaxValue, nonSync);
            }
        }

        return new PendingLiteral(length, nonSync);
    }
}
