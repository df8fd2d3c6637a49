using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace MailHost.Load;

/// <summary>Builds RFC 5322 test messages with CRLF line ends, a unique Message-ID and no line that starts with a dot.</summary>
internal static class MessageFactory
{
    private static readonly ConcurrentDictionary<int, string> Bodies = new();

    public static byte[] Create(string from, string to, string? cc, string messageId, int bodySize)
    {
        var builder = new StringBuilder(bodySize + 512);
        builder.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)).Append("\r\n");
        builder.Append("From: <").Append(from).Append(">\r\n");
        builder.Append("To: <").Append(to).Append(">\r\n");
        if (cc is not null)
        {
            builder.Append("Cc: <").Append(cc).Append(">\r\n");
        }

        builder.Append("Subject: load ").Append(messageId).Append("\r\n");
        builder.Append("Message-ID: <").Append(messageId).Append(">\r\n");
        builder.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        builder.Append(Bodies.GetOrAdd(bodySize, CreateBody));
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    private static string CreateBody(int size)
    {
        const string Line = "The quick brown fox jumps over the lazy dog while the load tool counts every message.";
        var body = new StringBuilder(size + Line.Length);
        while (body.Length < size)
        {
            body.Append(Line, 0, Math.Min(Line.Length, Math.Max(1, size - body.Length - 2))).Append("\r\n");
        }

        return body.ToString();
    }
}
