using System.Net;
using System.Net.Sockets;
using MailHost.Connections.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailHost.Connections.Tests.Configuration;

[CancelAfter(20_000)]
public sealed class EndpointConfigurationTests
{
    [TestCase("Endpoints:pop3:Port", "110", "Endpoints:pop3")]
    [TestCase("Endpoints:imap:Port", "70000", "Endpoints:imap:Port")]
    [TestCase("Endpoints:imap:Port", "-1", "Endpoints:imap:Port")]
    [TestCase("Endpoints:imap:Port", "imap", "Endpoints:imap:Port")]
    [TestCase("Endpoints:smtp:Address", "mail.example.test", "Endpoints:smtp:Address")]
    [TestCase("Endpoints:smtp:Addresses:1", "300.1.1.1", "Endpoints:smtp:Addresses:1")]
    [TestCase("Endpoints:submission:Enabled", "yes", "Endpoints:submission:Enabled")]
    [TestCase("Limits:MaxConnections", "0", "Limits:MaxConnections")]
    [TestCase("Limits:MaxConnectionsPerIp", "0", "Limits:MaxConnectionsPerIp")]
    [TestCase("Limits:InputBufferBytes", "100", "Limits:InputBufferBytes")]
    [TestCase("Shutdown:DrainSeconds", "-1", "Shutdown:DrainSeconds")]
    [TestCase("Tls:Certificate", "/nonexistent/mailhost.pem", "Tls:Certificate")]
    [TestCase("Tls:HandshakeTimeoutSeconds", "0", "Tls:HandshakeTimeoutSeconds")]
    public async Task Invalid_setting_stops_start_up_naming_the_key(string key, string value, string expectedKey, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Endpoints:smtp:Addresses:", StringComparison.Ordinal))
        {
            settings["Endpoints:smtp:Addresses:0"] = "127.0.0.1";
        }

        var message = await StartFailureAsync(settings, cancellationToken);

        Assert.That(message, Does.Contain(expectedKey + ":").Or.Contain(expectedKey + "'"));
    }

    [Test]
    public async Task Two_endpoints_on_the_same_port_stop_start_up_naming_the_second(CancellationToken cancellationToken)
    {
        var message = await StartFailureAsync(
            new Dictionary<string, string?>
            {
                ["Endpoints:imap:Port"] = "11143",
                ["Endpoints:smtp:Address"] = "::",
                ["Endpoints:smtp:Port"] = "11143",
            },
            cancellationToken);

        Assert.That(message, Does.Contain("Endpoints:smtp:Port").And.Contain("Endpoints:imap"));
    }

    [Test]
    public async Task An_enabled_endpoint_without_a_protocol_handler_stops_start_up(CancellationToken cancellationToken)
    {
        var message = await StartFailureAsync(new Dictionary<string, string?> { ["Endpoints:lmtp:Enabled"] = "true" }, cancellationToken);

        Assert.That(message, Does.Contain("Endpoints:lmtp").And.Contain("Lmtp"));
    }

    [Test]
    public async Task A_port_already_in_use_stops_start_up_naming_the_endpoint(CancellationToken cancellationToken)
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var message = await StartFailureAsync(
            new Dictionary<string, string?> { ["Endpoints:imaps:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken);

        Assert.That(message, Does.Contain("Endpoints:imaps"));
    }

    [Test]
    public void Defaults_are_the_documented_endpoints_on_loopback()
    {
        using var services = new ServiceCollection()
            .AddMailHostConnections(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        var catalog = services.GetRequiredService<IEndpointCatalog>();

        var rows = catalog.Endpoints
            .Select(e => $"{e.Name} {e.Protocol} {e.Security} auth={e.RequiresAuthentication} enabled={e.Enabled} {string.Join(",", e.ConfiguredEndPoints)}")
            .ToList();

        Assert.That(rows, Is.EqualTo(new[]
        {
            "imap Imap StartTls auth=False enabled=True 127.0.0.1:1143",
            "imaps Imap ImplicitTls auth=False enabled=True 127.0.0.1:1993",
            "smtp Smtp StartTls auth=False enabled=True 127.0.0.1:2525",
            "submission Smtp StartTls auth=True enabled=True 127.0.0.1:1587",
            "submissions Smtp ImplicitTls auth=True enabled=True 127.0.0.1:1465",
            "lmtp Lmtp None auth=False enabled=False 127.0.0.1:2424",
        }));
    }

    [Test]
    public void Addresses_list_and_case_insensitive_names_are_honoured()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Endpoints:IMAP:Port"] = "10143",
                ["Endpoints:imap:Addresses:0"] = "127.0.0.1",
                ["Endpoints:imap:Addresses:1"] = "::1",
                ["Endpoints:lmtp:Enabled"] = "true",
                ["Endpoints:lmtp:Address"] = "0.0.0.0",
            })
            .Build();
        using var services = new ServiceCollection().AddMailHostConnections(configuration).BuildServiceProvider();
        var catalog = services.GetRequiredService<IEndpointCatalog>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(catalog.Find("imap")!.ConfiguredEndPoints.Select(e => e.ToString()), Is.EqualTo(new[] { "127.0.0.1:10143", "[::1]:10143" }));
            Assert.That(catalog.Find("lmtp")!.Enabled, Is.True);
            Assert.That(catalog.Find("lmtp")!.ConfiguredEndPoints.Single().ToString(), Is.EqualTo("0.0.0.0:2424"));
        }
    }

    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        using var data = new TempDirectory();
        using var host = ListenerHost.Build(
            settings,
            data.Path,
            new TestProtocolHandler(MailProtocol.Imap),
            new TestProtocolHandler(MailProtocol.Smtp));
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Flatten(exception);
        }

        await host.StopAsync(cancellationToken);
        Assert.Fail("start-up succeeded");
        return string.Empty;
    }

    private static string Flatten(Exception exception) => exception is AggregateException aggregate
        ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
        : exception.Message;
}
