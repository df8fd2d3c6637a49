using System.Globalization;
using System.Net;

namespace MailHost.Load;

/// <summary>Command-line options. Every loop the tool runs is bounded by <see cref="Duration"/> and, when given, <see cref="Iterations"/>.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        usage: mailhost-load PROFILE [options]
          PROFILE              imap-session | imap-persistent | imap-idle | sent-copy | deliver
          --host ADDR          loopback address of the server (default 127.0.0.1; only 127.0.0.0/8 and ::1 are accepted)
          --imap-port N        IMAP port (default 143)
          --imap-tls           the IMAP port speaks implicit TLS (any certificate is accepted: loopback only)
          --smtp-port N        deliver with SMTP to this port
          --lmtp-port N        deliver with LMTP to this port (wins over --smtp-port unless --delivery smtp)
          --delivery smtp|lmtp choose when both ports are given
          --users FILE         one user a line: address:password or address:{PLAIN}password[:...] (Dovecot passwd-file)
          --user-count N       instead of --users: N users named by --user-pattern (default user{0}@example.test, from 1)
          --password P         password of the generated users (default secret)
          --concurrency N      workers, or idle connections for imap-idle (default 8)
          --duration S         seconds the measured phase may last (default 20, at most 3600)
          --iterations N       total loops (sessions, deliveries, notifications) across workers; stops earlier than --duration
                               (imap-idle --iterations 0: open, idle and measure memory, deliver nothing)
          --rate R             at most R loops per second across all workers (default: as fast as the server answers)
          --seed N             each INBOX holds at least N messages before the run (default 10; imap-idle default 0)
          --message-size N     body bytes of generated messages (default 2048)
          --server-pid PID     report the CPU time of this process and its descendants per operation, and for
                               imap-idle their memory (/proc)
          --notify-timeout S   imap-idle: a notification later than this is an error (default 5)
          --idle-hold S        imap-idle: keep every connection idle S seconds after the memory reading, then read the
                               memory again (default 0; time for dotnet-gcdump or dotnet-counters against the server)
          --drain-every S      deliver, sent-copy, imap-idle: every S seconds, log in as each user like a mail client, check
                               that every message acknowledged since the last drain is there exactly once (by Message-ID),
                               then UID STORE \Deleted and UID EXPUNGE them, so the stored mailboxes stay the same size
                               (default: off, mailboxes grow for the whole run)
          --label NAME         name of the server in the report (default server)
          --json FILE          also write the report as JSON
        """;

    public string Profile { get; private set; } = string.Empty;

    public IPAddress Host { get; private set; } = IPAddress.Loopback;

    public int ImapPort { get; private set; } = 143;

    public bool ImapTls { get; private set; }

    public int? SmtpPort { get; private set; }

    public int? LmtpPort { get; private set; }

    public DeliveryProtocol? Delivery { get; private set; }

    public string? UsersFile { get; private set; }

    public int UserCount { get; private set; } = 10;

    public string UserPattern { get; private set; } = "user{0}@example.test";

    public string Password { get; private set; } = "secret";

    public int Concurrency { get; private set; } = 8;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(20);

    public long? Iterations { get; private set; }

    public int? Seed { get; private set; }

    public double? Rate { get; private set; }

    public int MessageSize { get; private set; } = 2048;

    public int? ServerPid { get; private set; }

    public TimeSpan NotifyTimeout { get; private set; } = TimeSpan.FromSeconds(5);

    public TimeSpan IdleHold { get; private set; }

    public TimeSpan? DrainEvery { get; private set; }

    public string Label { get; private set; } = "server";

    public string? JsonPath { get; private set; }

    public IPEndPoint ImapEndPoint => new(Host, ImapPort);

    public DeliveryProtocol DeliveryProtocol =>
        Delivery ?? (LmtpPort is not null ? DeliveryProtocol.Lmtp : DeliveryProtocol.Smtp);

    public IPEndPoint? DeliveryEndPoint => DeliveryProtocol == DeliveryProtocol.Lmtp
        ? LmtpPort is { } lmtp ? new IPEndPoint(Host, lmtp) : null
        : SmtpPort is { } smtp ? new IPEndPoint(Host, smtp) : null;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (options.Profile.Length > 0)
                {
                    throw new ArgumentException($"unexpected argument '{arg}'");
                }

                options.Profile = arg;
                continue;
            }

            if (arg == "--imap-tls")
            {
                options.ImapTls = true;
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            switch (arg)
            {
                case "--profile": options.Profile = value; break;
                case "--host": options.Host = ParseLoopback(value); break;
                case "--imap-port": options.ImapPort = ParsePort(arg, value); break;
                case "--smtp-port": options.SmtpPort = ParsePort(arg, value); break;
                case "--lmtp-port": options.LmtpPort = ParsePort(arg, value); break;
                case "--delivery":
                    options.Delivery = value.ToUpperInvariant() switch
                    {
                        "SMTP" => DeliveryProtocol.Smtp,
                        "LMTP" => DeliveryProtocol.Lmtp,
                        _ => throw new ArgumentException("--delivery is smtp or lmtp"),
                    };
                    break;
                case "--users": options.UsersFile = value; break;
                case "--user-count": options.UserCount = ParseInt(arg, value, 1, 1_000_000); break;
                case "--user-pattern": options.UserPattern = value; break;
                case "--password": options.Password = value; break;
                case "--concurrency": options.Concurrency = ParseInt(arg, value, 1, 100_000); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(ParseInt(arg, value, 1, 3600)); break;
                case "--iterations": options.Iterations = ParseInt(arg, value, 0, 10_000_000); break;
                case "--rate": options.Rate = ParseRate(arg, value); break;
                case "--seed": options.Seed = ParseInt(arg, value, 0, 100_000); break;
                case "--message-size": options.MessageSize = ParseInt(arg, value, 0, 50_000_000); break;
                case "--server-pid": options.ServerPid = ParseInt(arg, value, 1, int.MaxValue); break;
                case "--notify-timeout": options.NotifyTimeout = TimeSpan.FromSeconds(ParseInt(arg, value, 1, 600)); break;
                case "--idle-hold": options.IdleHold = TimeSpan.FromSeconds(ParseInt(arg, value, 0, 3600)); break;
                case "--drain-every": options.DrainEvery = TimeSpan.FromSeconds(ParseInt(arg, value, 1, 3600)); break;
                case "--label": options.Label = value; break;
                case "--json": options.JsonPath = value; break;
                default: throw new ArgumentException($"unknown option {arg}");
            }
        }

        if (options.Profile.Length == 0)
        {
            throw new ArgumentException("no profile given");
        }

        return options;
    }

    /// <summary>Load is only ever sent to this machine: anything but a loopback address is refused.</summary>
    private static IPAddress ParseLoopback(string value)
    {
        var address = value.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : IPAddress.TryParse(value, out var parsed) ? parsed : throw new ArgumentException($"--host '{value}' is not an IP address");
        return IPAddress.IsLoopback(address)
            ? address
            : throw new ArgumentException($"--host {value} is not a loopback address; this tool only targets 127.0.0.0/8 or ::1");
    }

    private static double ParseRate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && rate <= 1_000_000
            ? rate
            : throw new ArgumentException($"{name} must be a number of loops per second in (0, 1000000], not '{value}'");

    private static int ParsePort(string name, string value) => ParseInt(name, value, 1, 65535);

    private static int ParseInt(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) || result < min || result > max)
        {
            throw new ArgumentException($"{name} must be an integer in [{min}, {max}], not '{value}'");
        }

        return result;
    }
}
