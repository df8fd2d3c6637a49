using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailHost.Smtp.Tests.Support;

/// <summary>
/// The real listener (Kestrel sockets, TLS, STARTTLS, timeouts), the real accounts layer, the real Maildir store and the
/// SMTP/LMTP handlers on ephemeral loopback ports: everything of the daemon but its executable.
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    private LoopbackHost(IHost host, string data)
    {
        Host = host;
        DataDirectory = data;
    }

    public IHost Host { get; }

    public string DataDirectory { get; }

    private HashSet<string> _seen = new(StringComparer.Ordinal);

    private string MailRoot => Path.Combine(DataDirectory, "mail");

    /// <summary>Forgets what was delivered so far; <see cref="Delivered"/> then lists only newer messages.</summary>
    public void Mark() => _seen = [.. AllMessages()];

    /// <summary>Messages that reached a Maildir <c>new/</c> since <see cref="Mark"/>: local part and the exact file bytes.</summary>
    public IReadOnlyList<(string LocalPart, byte[] Bytes)> Delivered() =>
        [.. AllMessages().Where(f => !_seen.Contains(f)).Order(StringComparer.Ordinal)
            .Select(static f => (Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f))!), File.ReadAllBytes(f)))];

    private IEnumerable<string> AllMessages() =>
        Directory.Exists(MailRoot)
            ? Directory.EnumerateFiles(MailRoot, "*", SearchOption.AllDirectories).Where(static f => Path.GetFileName(Path.GetDirectoryName(f)) == "new")
            : [];

    public static async Task<LoopbackHost> StartAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("mailhost-smtp-").FullName;
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var settings = new Dictionary<string, string?>
        {
            ["Data"] = data,
            ["HostName"] = "mail.example.test",
            ["Domains:0"] = "example.test",
            ["Accounts:Pbkdf2Iterations"] = "10000",
            ["Endpoints:imap:Enabled"] = "false",
            ["Endpoints:imaps:Enabled"] = "false",
            ["Endpoints:lmtp:Enabled"] = "true",
            ["Shutdown:DrainSeconds"] = "2",
        };
        foreach (var name in new[] { "smtp", "submission", "submissions", "lmtp" })
        {
            settings[$"Endpoints:{name}:Port"] = "0";
            settings[$"Endpoints:{name}:Addresses:0"] = "127.0.0.1";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddMailHostConnections(builder.Configuration);
        builder.Services.AddMailHostAccounts(builder.Configuration);
        builder.Services.AddMailHostSmtp(builder.Configuration);
        builder.Services.AddMailHostStore(builder.Configuration);
        var host = builder.Build();
        var users = host.Services.GetRequiredService<IUserAdministration>();
        foreach (var (user, password) in new[] { ("alice@example.test", "alice-secret"), ("bob@example.test", "bob-secret"), ("carol@example.test", "carol-secret") })
        {
            var added = await users.AddAsync(user, password, cancellationToken);
            Assert.That(added.Succeeded, Is.True, added.Error);
        }

        await host.StartAsync(cancellationToken);
        return new LoopbackHost(host, data);
    }

    public int PortOf(string endpoint) =>
        Host.Services.GetRequiredService<IEndpointCatalog>().Find(endpoint)!.BoundEndPoints[0].Port;

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
