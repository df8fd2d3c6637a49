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
        var configuration = Build(new Dictionary<string, string?>());
        var endpoints = EndpointConfigurationReader.Read(configuration, out var errors);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Is.Empty);
            Assert.That(configuration["Data"], Is.EqualTo(current.Combine("data")));
            Assert.That(configuration["HostName"], Is.EqualTo(Environment.MachineName));
            Assert.That(configuration.GetSection("Domains").Get<string[]>(), Is.EqualTo(new[] { "localhost" }));
            Assert.That(configuration.GetValue<bool>("Security:AllowPlaintextAuth"), Is.False);
            Assert.That(configuration.GetValue<int>("Shutdown:DrainSeconds"), Is.EqualTo(8));
            Assert.That(
                endpoints.Select(e => $"{e.Name} {e.Enabled} {e.Addresses[0]}:{e.Port} {e.Protocol} {e.Security}"),
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
    public void Embedded_endpoint_defaults_agree_with_the_built_in_table()
    {
        var file = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        foreach (var definition in EndpointDefinition.All)
        {
            var section = file.GetSection($"Endpoints:{definition.Name}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(section.GetValue<int>("Port"), Is.EqualTo(definition.DefaultPort), definition.Name);
                Assert.That(section.GetValue<bool>("Enabled"), Is.EqualTo(definition.EnabledByDefault), definition.Name);
                Assert.That(section["Address"], Is.EqualTo(EndpointDefinition.DefaultAddress), definition.Name);
            }
        }
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
        var configuration = Build(new Dictionary<string, string?>
        {
            ["MAILHOST_ENDPOINTS__IMAP__PORT"] = "10143",
            ["DATA"] = "/elsewhere",
            ["ENDPOINTS__SMTP__PORT"] = "1",
        });

        var endpoints = EndpointConfigurationReader.Read(configuration, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(endpoints.Single(e => e.Name == "imap").Port, Is.EqualTo(10143));
            Assert.That(endpoints.Single(e => e.Name == "smtp").Port, Is.EqualTo(2525));
            Assert.That(configuration["Data"], Is.EqualTo(current.Combine("data")));
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

    [Test]
    public void Host_shutdown_timeout_is_the_drain_plus_two_seconds()
    {
        var builder = MailHostApplication.CreateBuilder(new MailHostEnvironment(AppContext.BaseDirectory, current.Path, new Dictionary<string, string?>()), ["--Shutdown:DrainSeconds=5"]);
        using var host = builder.Build();

        var timeout = host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        Assert.That(timeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void Addresses_list_replaces_the_single_address()
    {
        var configuration = Build(new Dictionary<string, string?>
        {
            ["MAILHOST_ENDPOINTS__IMAPS__ADDRESSES__0"] = "::",
            ["MAILHOST_ENDPOINTS__IMAPS__ADDRESSES__1"] = "0.0.0.0",
        });

        var imaps = EndpointConfigurationReader.Read(configuration, out _).Single(e => e.Name == "imaps");

        Assert.That(imaps.Addresses, Is.EqualTo(new[] { "::", "0.0.0.0" }));
    }

    private ConfigurationManager Build(Dictionary<string, string?> variables) =>
        MailHostConfiguration.Build(new MailHostEnvironment(AppContext.BaseDirectory, current.Path, variables), []);
}
