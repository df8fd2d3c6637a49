using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MailHost.Store.Maildir;

/// <summary>Unique base names <c>&lt;secs&gt;.M&lt;usec&gt;P&lt;pid&gt;Q&lt;seq&gt;R&lt;random&gt;.&lt;host&gt;</c>.</summary>
internal static class MaildirNameGenerator
{
    private static long sequence;

    public static string HostName { get; } = EscapeHost(Environment.MachineName);

    public static string NewBaseName(TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var micros = ticks % TimeSpan.TicksPerSecond / 10;
        var seq = Interlocked.Increment(ref sequence);
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{seconds}.M{micros}P{Environment.ProcessId}Q{seq}R{Convert.ToHexStringLower(random)}.{HostName}");
    }

    public static string WithSizes(string baseName, long size, long virtualSize) =>
        string.Create(CultureInfo.InvariantCulture, $"{baseName},S={size},W={virtualSize}");

    /// <summary>Dovecot escapes "/" and ":" in host names as octal; we also escape the other info separators and ",".</summary>
    private static string EscapeHost(string host)
    {
        var builder = new StringBuilder(host.Length);
        foreach (var c in host)
        {
            if (c is '/' or ':' or ';' or '!' or ',' or '\\' || char.IsControl(c))
            {
                builder.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
