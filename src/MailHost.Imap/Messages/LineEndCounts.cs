using System.Buffers;

namespace MailHost.Imap.Messages;

/// <summary>
/// Line feeds and bare line feeds (LF without CR) counted from the start of the file up to each offset of interest, taken in one
/// sequential pass: the count inside any range between two such offsets is a subtraction. Lines give BODYSTRUCTURE's line counts;
/// bare LFs give the CRLF ("virtual") sizes Dovecot reports for files stored with Unix line ends.
/// </summary>
internal sealed class LineEndCounts
{
    private const int ChunkSize = 64 * 1024;
    private readonly Dictionary<long, (long LineFeeds, long Bare)> counts;

    private LineEndCounts(Dictionary<long, (long LineFeeds, long Bare)> counts) => this.counts = counts;

    public static async ValueTask<LineEndCounts> ScanAsync(Stream stream, IEnumerable<long> offsets, CancellationToken cancellationToken)
    {
        var checkpoints = offsets.Distinct().Order().ToArray();
        var counts = new Dictionary<long, (long, long)>(checkpoints.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            stream.Position = 0;
            long position = 0, lineFeeds = 0, bare = 0;
            var previous = (byte)0;
            var next = 0;
            while (next < checkpoints.Length)
            {
                while (next < checkpoints.Length && checkpoints[next] <= position)
                {
                    counts[checkpoints[next++]] = (lineFeeds, bare);
                }

                if (next == checkpoints.Length)
                {
                    break;
                }

                var want = (int)Math.Min(buffer.Length, checkpoints[next] - position);
                var read = await stream.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    // Offsets past the end of the file (never from MimeKit, but be safe) see the final counts.
                    while (next < checkpoints.Length)
                    {
                        counts[checkpoints[next++]] = (lineFeeds, bare);
                    }

                    break;
                }

                var span = buffer.AsSpan(0, read);
                var lf = span.Count((byte)'\n');
                var crlf = span.Count("\r\n"u8) + (previous == (byte)'\r' && span[0] == (byte)'\n' ? 1 : 0);
                lineFeeds += lf;
                bare += lf - crlf;
                previous = span[^1];
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new LineEndCounts(counts);
    }

    public int LineFeeds(long start, long end) => (int)(counts[end].LineFeeds - counts[start].LineFeeds);

    public long BareLineFeeds(long start, long end) => counts[end].Bare - counts[start].Bare;
}
