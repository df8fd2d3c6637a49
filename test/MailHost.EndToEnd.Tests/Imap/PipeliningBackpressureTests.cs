using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Imap;

/// <summary>
/// 10,000 pipelined IMAP commands from a client that does not read its replies, against the real daemon. Each reply is
/// a few kilobytes, far more in total than the socket buffers hold, so the daemon can only go on by buffering replies
/// in memory — which it must not. The check is made where it can be seen from outside: the daemon stops reading its
/// socket (unread bytes wait in its kernel receive queue and do not drain), and once the client reads, every tagged
/// reply arrives, in order.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class PipeliningBackpressureTests
{
    private const int Commands = 10_000;

    /// <summary>Tags are padded so the commands (≈2.2 MB) outgrow the daemon's 1 MiB input pipe (<c>Limits:InputBufferBytes</c>).</summary>
    private const int TagLength = 200;

    private const int MessageLines = 32;

    [Test]
    public async Task Ten_thousand_unread_commands_stop_the_daemon_reading_then_all_replies_arrive_in_order(CancellationToken cancellationToken)
    {
        var options = new DaemonOptions();
        options.Endpoints.Clear();
        options.Endpoints.Add("imap");
        options.Configuration["Accounts:Pbkdf2Iterations"] = "10000";
        options.Users["alice@example.test"] = "alice-secret";
        await using var daemon = await DaemonProcess.StartAsync(options, cancellationToken);
        await using var imap = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
        await imap.ReadLineAsync(cancellationToken);
        await imap.WriteLineAsync("l LOGIN alice@example.test alice-secret", cancellationToken);
        Assert.That((await imap.ReadUntilAsync("l ", cancellationToken))[^1], Does.StartWith("l OK"));

        // 2,048 octets: 32 lines of 62 characters and CRLF; no body line starts with "t", the tags' first letter.
        var message = string.Concat(Enumerable.Range(0, MessageLines).Select(i => (i == 0 ? "Subject: pipelining".PadRight(62, ' ') : new string((char)('a' + (i % 13)), 62)) + "\r\n"));
        await imap.WriteLineAsync("a APPEND INBOX {" + message.Length.ToString(CultureInfo.InvariantCulture) + "}", cancellationToken);
        Assert.That(await imap.ReadLineAsync(cancellationToken), Does.StartWith("+ "));
        await imap.WriteAsync(message + "\r\n", cancellationToken);
        Assert.That((await imap.ReadUntilAsync("a ", cancellationToken))[^1], Does.StartWith("a OK"));
        await imap.WriteLineAsync("s SELECT INBOX", cancellationToken);
        Assert.That((await imap.ReadUntilAsync("s ", cancellationToken))[^1], Does.StartWith("s OK"));

        var batch = new StringBuilder(Commands * (TagLength + 32));
        for (var i = 0; i < Commands; i++)
        {
            batch.Append(Tag(i)).Append(" FETCH 1 BODY.PEEK[]\r\n");
        }

        var clock = Stopwatch.StartNew();
        var sending = imap.WriteAsync(batch.ToString(), cancellationToken);

        // Not reading: the daemon fills the socket buffers with replies, then must stop taking commands.
        var (clientEnd, serverEnd) = imap.EndPoints;
        var stalled = await UnreadBytesStopDrainingAsync(server: serverEnd, client: clientEnd, cancellationToken);

        var tagged = new List<string>(Commands);
        var fetches = 0;
        while (tagged.Count < Commands && await imap.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("* 1 FETCH (BODY[] {2048}", StringComparison.Ordinal))
            {
                fetches++;
            }
            else if (line.StartsWith('t'))
            {
                tagged.Add(line);
            }
        }

        await sending;
        var elapsed = clock.Elapsed;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stalled.Stalled, Is.True, $"the daemon kept reading its socket while its replies were unread (receive queue {stalled.First} → {stalled.Last} bytes)");
            Assert.That(tagged, Has.Count.EqualTo(Commands));
            Assert.That(tagged, Is.EqualTo(Enumerable.Range(0, Commands).Select(i => Tag(i) + " OK FETCH completed")), "every tagged reply, in order");
            Assert.That(fetches, Is.EqualTo(Commands));
            Assert.That(DaemonLog.ErrorLines(daemon.Output), Is.Empty);
        }

        TestContext.Out.WriteLine($"{Commands} pipelined FETCHes answered in {elapsed.TotalSeconds:0.0} s; daemon receive queue while unread: {stalled.First} → {stalled.Last} bytes");
    }

    private static string Tag(int i) => "t" + i.ToString("D5", CultureInfo.InvariantCulture).PadRight(TagLength - 1, 'x');

    /// <summary>
    /// Samples the daemon's side of the connection in <c>/proc/net/tcp</c> (its receive queue: bytes the kernel holds that
    /// the daemon has not read) until it is non-empty and unchanged across 500 ms: the daemon has stopped reading.
    /// </summary>
    private static async Task<(bool Stalled, long First, long Last)> UnreadBytesStopDrainingAsync(IPEndPoint server, IPEndPoint client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long previous = -1;
        long first = -1;
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var queued = ReceiveQueue(server, client);
            first = first < 0 ? queued : first;
            if (queued > 0 && queued == previous)
            {
                return (true, first, queued);
            }

            previous = queued;
            await Task.Delay(500, cancellationToken);
        }

        return (false, first, previous);
    }

    /// <summary>rx_queue of the socket whose local address is <paramref name="local"/> and remote <paramref name="remote"/>, or 0.</summary>
    private static long ReceiveQueue(IPEndPoint local, IPEndPoint remote)
    {
        var localHex = Hex(local);
        var remoteHex = Hex(remote);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 4 && fields[1] == localHex && fields[2] == remoteHex)
            {
                return long.Parse(fields[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>/proc/net/tcp's address format: the IPv4 address as a little-endian hex word, then the port in hex.</summary>
    private static string Hex(IPEndPoint endPoint)
    {
        var bytes = endPoint.Address.MapToIPv4().GetAddressBytes();
        Array.Reverse(bytes);
        return Convert.ToHexString(bytes) + ":" + endPoint.Port.ToString("X4", CultureInfo.InvariantCulture);
    }
}
