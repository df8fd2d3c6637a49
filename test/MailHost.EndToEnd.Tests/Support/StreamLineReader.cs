using System.Text;

namespace MailHost.EndToEnd.Tests.Support;

/// <summary>
/// Reads CRLF lines one byte at a time, so nothing past the line is consumed: after a STARTTLS reply the next byte on
/// the wire belongs to the TLS handshake (or to whatever hostile bytes a test sends instead).
/// </summary>
public sealed class StreamLineReader(Stream stream)
{
    private readonly byte[] _one = new byte[1];

    /// <summary>One line without its CRLF; null at end of stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (await stream.ReadAsync(_one, cancellationToken) == 1)
        {
            if (_one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
            }

            line.Add(_one[0]);
        }

        return line.Count > 0 ? Encoding.UTF8.GetString([.. line]) : null;
    }
}
