using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailHost.EndToEnd.Tests.Support;

/// <summary>
/// The real daemon in its own process, with a fresh <c>Data</c> folder, every enabled endpoint on loopback port 0: the
/// operating system picks the ports and the fixture reads the actual ones from the daemon's "MailHost ready" log line.
/// </summary>
/// <example>
/// <code>
/// var options = new DaemonOptions();
/// options.Users["alice@localhost"] = "secret";
/// options.Configuration["Smtp:MaxMessageSize"] = "100000";
/// await using var daemon = await DaemonProcess.StartAsync(options, cancellationToken);
/// using var imap = new ImapClient { ServerCertificateValidationCallback = daemon.ValidateServerCertificate };
/// await imap.ConnectAsync(DaemonProcess.Host, daemon.Port("imaps"), SecureSocketOptions.SslOnConnect, cancellationToken);
/// var exitCode = await daemon.StopAsync(cancellationToken); // SIGTERM, then wait
/// </code>
/// </example>
public sealed class DaemonProcess : IAsyncDisposable
{
    /// <summary>Where every endpoint listens.</summary>
    public const string Host = "127.0.0.1";

    private const string ReadyLine = "MailHost ready";
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock outputGate = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string root;
    private readonly string[] configurationArgs;

    private readonly Dictionary<string, int> ports = new(StringComparer.OrdinalIgnoreCase);

    private DaemonProcess(Process process, string root, string[] configurationArgs, DaemonOptions options)
    {
        this.process = process;
        this.root = root;
        this.configurationArgs = configurationArgs;
        Options = options;
    }

    /// <summary>The daemon's <c>Data</c> folder (Maildirs under <c>mail/</c>, the users file, <c>tls/</c>).</summary>
    public string DataPath => Path.Combine(root, "data");

    /// <summary>Endpoint name → actual port, for the enabled endpoints (known once <see cref="StartAsync"/> returned).</summary>
    public IReadOnlyDictionary<string, int> Ports => ports;

    public DaemonOptions Options { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything the daemon wrote to stdout and stderr so far (attach it to assertion messages).</summary>
    public string Output
    {
        get
        {
            lock (outputGate)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The port of an enabled endpoint (imap, imaps, smtp, submission, submissions, lmtp).</summary>
    public int Port(string endpoint) =>
        Ports.TryGetValue(endpoint, out var port) ? port : throw new ArgumentException($"endpoint '{endpoint}' is not enabled", nameof(endpoint));

    /// <summary>Starts the daemon and returns once it logged that every listener is bound (the host logs "MailHost ready" at ApplicationStarted).</summary>
    public static async Task<DaemonProcess> StartAsync(DaemonOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DaemonOptions();
        var root = Path.Combine(Path.GetTempPath(), "mailhost-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var args = ConfigurationArguments(options, Path.Combine(root, "data"));

        foreach (var (address, password) in options.Users)
        {
            var added = await MailHostExecutable.RunAsync(root, ["users", "add", address, "--password-stdin", .. args], password + "\n", cancellationToken: cancellationToken);
            if (added.ExitCode != 0)
            {
                throw new InvalidOperationException($"users add {address} failed ({added.ExitCode}): {added.Error}");
            }
        }

        var process = Process.Start(MailHostExecutable.CreateStartInfo(root, ["serve", .. args]))
            ?? throw new InvalidOperationException("could not start mailhost");
        var daemon = new DaemonProcess(process, root, args, options);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        try
        {
            await daemon.WaitUntilReadyAsync(options.StartTimeout, cancellationToken);
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    /// <summary>
    /// Runs another <c>mailhost</c> command (e.g. <c>users list</c>, <c>health</c>) with this daemon's configuration and
    /// its actual ports (so <c>health</c> probes the running listeners).
    /// </summary>
    public Task<ProcessResult> RunCliAsync(IEnumerable<string> args, string? standardInput = null, CancellationToken cancellationToken = default) =>
        MailHostExecutable.RunAsync(
            root,
            [.. args, .. configurationArgs, .. ports.Select(p => $"--Endpoints:{p.Key}:Port={p.Value.ToString(CultureInfo.InvariantCulture)}")],
            standardInput,
            cancellationToken: cancellationToken);

    /// <summary>Adds a user through the CLI while the daemon runs (the users file is re-read without a restart).</summary>
    public async Task AddUserAsync(string address, string password, CancellationToken cancellationToken = default)
    {
        var result = await RunCliAsync(["users", "add", address, "--password-stdin"], password + "\n", cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"users add {address} failed ({result.ExitCode}): {result.Error}");
        }
    }

    /// <summary>
    /// Certificate check for clients (MailKit's <c>ServerCertificateValidationCallback</c>, <c>SslStream</c>): accepts exactly
    /// the certificate the daemon generated under <c>&lt;Data&gt;/tls/</c>, so a test also proves which certificate was served.
    /// </summary>
    public bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        var presented = certificate.GetRawCertData();
        var folder = Path.Combine(DataPath, "tls");
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.crt").Any(file =>
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            return certificates.Any(c => c.RawData.AsSpan().SequenceEqual(presented));
        });
    }

    /// <summary>Opens a TCP connection to an endpoint (plaintext; wrap it in <see cref="SslStream"/> for implicit TLS).</summary>
    public Task<TcpClient> ConnectAsync(string endpoint, CancellationToken cancellationToken = default) =>
        ConnectAsync(endpoint, null, cancellationToken);

    /// <summary>
    /// Opens a TCP connection from <paramref name="localAddress"/> (e.g. 127.0.0.2: every 127/8 address is loopback on
    /// Linux, so per-IP limits and throttling see a second client without a second machine).
    /// </summary>
    public async Task<TcpClient> ConnectAsync(string endpoint, IPAddress? localAddress, CancellationToken cancellationToken = default)
    {
        var client = localAddress is null ? new TcpClient(AddressFamily.InterNetwork) : new TcpClient(new IPEndPoint(localAddress, 0));
        try
        {
            await client.ConnectAsync(IPAddress.Parse(Host), Port(endpoint), cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken = default)
    {
        if (!process.HasExited)
        {
            await MailHostExecutable.SendTerminateAsync(process, cancellationToken);
        }

        return await WaitForExitAsync(cancellationToken);
    }

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A loopback port nothing listens on right now (bound to 0, read, released).</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static string[] ConfigurationArguments(DaemonOptions options, string data)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Data"] = data,
            ["HostName"] = "mail.example.test",
            ["Security:AllowPlaintextAuth"] = options.AllowPlaintextAuth ? "true" : "false",
            ["Shutdown:DrainSeconds"] = options.DrainSeconds.ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < options.Domains.Count; i++)
        {
            values[$"Domains:{i}"] = options.Domains[i];
        }

        foreach (var name in DaemonOptions.AllEndpoints)
        {
            var enabled = options.Endpoints.Contains(name, StringComparer.OrdinalIgnoreCase);
            values[$"Endpoints:{name}:Enabled"] = enabled ? "true" : "false";
            if (enabled)
            {
                values[$"Endpoints:{name}:Address"] = Host;
                values[$"Endpoints:{name}:Port"] = "0";
            }
        }

        foreach (var (key, value) in options.Configuration)
        {
            values[key] = value;
        }

        return [.. values.Select(kv => $"--{kv.Key}={kv.Value}")];
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (outputGate)
        {
            output.AppendLine(line);
        }

        if (line.Contains(ReadyLine, StringComparison.Ordinal) && !ready.Task.IsCompleted)
        {
            ReadPorts(line);
            ready.TrySetResult();
        }
    }

    /// <summary>Parses "… listening: imap 127.0.0.1:40001, smtp 127.0.0.1:40002 [::1]:40003" (first address per endpoint).</summary>
    private void ReadPorts(string line)
    {
        const string marker = "listening: ";
        var start = line.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return;
        }

        foreach (var item in line[(start + marker.Length)..].Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && IPEndPoint.TryParse(parts[1], out var endPoint))
            {
                ports[parts[0]] = endPoint.Port;
            }
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var exited = process.WaitForExitAsync(limit.Token);
        var first = await Task.WhenAny(ready.Task, exited);
        if (first != ready.Task)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!process.HasExited)
            {
                throw new TimeoutException($"mailhost was not ready within {timeout.TotalSeconds} s:\n{Output}");
            }

            await process.WaitForExitAsync(CancellationToken.None);
            throw new InvalidOperationException($"mailhost exited with {process.ExitCode} before it was ready:\n{Output}");
        }

        await limit.CancelAsync();
        var missing = Options.Endpoints.Where(e => !ports.ContainsKey(e)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"the ready line names no port for {string.Join(", ", missing)}:\n{Output}");
        }
    }
}
