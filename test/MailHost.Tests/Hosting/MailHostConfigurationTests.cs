using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Hosting;
using MailHost.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailHost.Tests.Hosting;

public sealed class MailHostConfigurationTests
{
    private TempDirectory current = null!;

    [SetUp]
    public void SetUp() => current = new TempDirectory();

    [TearDown]
    public void TearDown() => current.Dispose();

    [Test]
    public void Embedded_defaults_match_the_configuration_contract()
    {
        using var host = BuildHost(AppContext.BaseDirectory, []);
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var endpoints = host.Services.GetRequiredService<IEndpointCatalog>().Endpoints;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(configuration["Data"], Is.EqualTo(current.Combine("data")));
            Assert.That(configuration["HostName"], Is.EqualTo(Environment.MachineName));
            Assert.That(host.Services.GetRequiredService<IOptions<AccountsSiteOptions>>().Value.Domains, Is.EqualTo(new[] { "localhost" }));
            Assert.That(configuration.GetValue<bool>("Security:AllowPlaintextAuth"), Is.False);
            Assert.That(configuration.GetValue<int>("Shutdown:DrainSeconds"), Is.EqualTo(8));
            Assert.That(
                endpoints.Select(e => $"{e.Name} {e.Enabled} {string.Join(",", e.ConfiguredEndPoints)} {e.Protocol} {e.Security}"),
                Is.EqualTo(new[]
                {
                    $"imap True 127.0.0.1:1143 {MailProtocol.Imap} {EndpointSecurity.StartTls}",
                    $"imaps True 127.0.0.1:1993 {MailProtocol.Imap} {EndpointSecurity.ImplicitTls}",
                    $"smtp True 127.0.0.1:2525 {MailProtocol.Smtp} {EndpointSecurity.StartTls}",
                    $"submission True 127.0.0.1:1587 {MailProtocol.Smtp} {EndpointSecurity.StartTls}",
                    $"submissions True 127.0.0.1:1465 {MailProtocol.Smtp} {EndpointSecurity.ImplicitTls}",
                    $"lmtp False 127.0.0.1:2424 {MailProtocol.Lmtp} {EndpointSecurity.None}",
                }));
        }
    }

    [Test]
    public void Embedded_settings_agree_with_the_components_built_in_defaults()
    {
        using var empty = new TempDirectory();
        using var embedded = BuildHost(AppContext.BaseDirectory, []);
        using var builtIn = BuildHost(empty.Path, []);

        Assert.That(Describe(embedded), Is.EqualTo(Describe(builtIn)));

        static string[] Describe(IHost host) =>
            [.. host.Services.GetRequiredService<IEndpointCatalog>().Endpoints.Select(e => $"{e.Name} {e.Enabled} {string.Join(",", e.ConfiguredEndPoints)}")];
    }

    // Each later source overrides every earlier one: appsettings.json < <Data>/mailhost.json < MAILHOST_* < --Key=Value.
    [TestCase(false, false, false, "from-appsettings")]
    [TestCase(true, false, false, "from-file")]
    [TestCase(true, true, false, "from-env")]
    [TestCase(true, true, true, "from-args")]
    [TestCase(false, true, false, "from-env")]
    [TestCase(true, false, true, "from-args")]
    public void Later_sources_override_earlier_ones(bool file, bool environment, bool argument, string expected)
    {
        var data = current.Combine("data");
        Directory.CreateDirectory(data);
        if (file)
        {
            File.WriteAllText(Path.Combine(data, "mailhost.json"), """{ "HostName": "from-file" }""");
        }

        var variables = new Dictionary<string, string?>();
        if (environment)
        {
            variables["MAILHOST_HOSTNAME"] = "from-env";
        }

        string[] args = argument ? ["--HostName=from-args"] : [];
        var configuration = MailHostConfiguration.Build(new MailHostEnvironment(AppContext.BaseDirectory, current.Path, variables), args);

        var value = configuration["HostName"];

        Assert.That(value, Is.EqualTo(expected == "from-appsettings" ? Environment.MachineName : expected));
    }

    [Test]
    public void Environment_variables_nest_with_double_underscore_and_need_the_prefix()
    {
        var variables = new Dictionary<string, string?>
        {
            ["MAILHOST_ENDPOINTS__IMAP__PORT"] = "10143",
            ["DATA"] = "/elsewhere",
            ["ENDPOINTS__SMTP__PORT"] = "1",
        };
        using var host = BuildHost(AppContext.BaseDirectory, [], variables);
        var catalog = host.Services.GetRequiredService<IEndpointCatalog>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(catalog.Find("imap")!.ConfiguredEndPoints[0].Port, Is.EqualTo(10143));
            Assert.That(catalog.Find("smtp")!.ConfiguredEndPoints[0].Port, Is.EqualTo(2525));
            Assert.That(host.Services.GetRequiredService<IConfiguration>()["Data"], Is.EqualTo(current.Combine("data")));
        }
    }

    [Test]
    public void Data_from_the_environment_is_resolved_against_the_current_directory_and_selects_mailhost_json()
    {
        Directory.CreateDirectory(current.Combine("state"));
        File.WriteAllText(current.Combine("state", "mailhost.json"), """{ "Domains": [ "example.test" ] }""");

        var configuration = Build(new Dictionary<string, string?> { ["MAILHOST_DATA"] = "state" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(configuration["Data"], Is.EqualTo(current.Combine("state")));
            Assert.That(configuration.GetSection("Domains").Get<string[]>(), Is.EqualTo(new[] { "example.test" }));
        }
    }

    [TestCase(5, 7)]
    [TestCase(0, 2)]
    [TestCase(40, 42)]
    public void Host_shutdown_timeout_is_the_drain_plus_two_seconds(int drain, int expected)
    {
        using var host = BuildHost(AppContext.BaseDirectory, [$"--Shutdown:DrainSeconds={drain}"]);

        var timeout = host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        Assert.That(timeout, Is.EqualTo(TimeSpan.FromSeconds(expected)));
    }

    [Test]
    public void Addresses_list_replaces_the_single_address()
    {
        var variables = new Dictionary<string, string?>
        {
            ["MAILHOST_ENDPOINTS__IMAPS__ADDRESSES__0"] = "::1",
            ["MAILHOST_ENDPOINTS__IMAPS__ADDRESSES__1"] = "127.0.0.1",
        };
        using var host = BuildHost(AppContext.BaseDirectory, [], variables);

        var imaps = host.Services.GetRequiredService<IEndpointCatalog>().Find("imaps")!;

        Assert.That(imaps.ConfiguredEndPoints.Select(e => e.ToString()), Is.EqualTo(new[] { "[::1]:1993", "127.0.0.1:1993" }));
    }

    private IHost BuildHost(string baseDirectory, string[] args, Dictionary<string, string?>? variables = null) =>
        MailHostApplication.CreateBuilder(new MailHostEnvironment(baseDirectory, current.Path, variables ?? []), args).Build();

    private ConfigurationManager Build(Dictionary<string, string?> variables) =>
        MailHostConfiguration.Build(new MailHostEnvironment(AppContext.BaseDirectory, current.Path, variables), []);
}
