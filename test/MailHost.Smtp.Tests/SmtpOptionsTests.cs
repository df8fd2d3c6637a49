using MailHost.Connections;
using MailHost.Smtp.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHost.Smtp.Tests;

public sealed class SmtpOptionsTests
{
    [Test]
    public void Defaults_are_valid_and_match_the_rfc_values()
    {
        var options = new SmtpOptions { HostName = "mx.example.test" };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new SmtpOptionsValidator(Options.Create(new MailHost.Connections.Configuration.ConnectionLimitsOptions())).Validate(null, options).Succeeded, Is.True);
            Assert.That(options.MaxMessageSize, Is.EqualTo(52_428_800));
            Assert.That(options.MaxRecipients, Is.EqualTo(100));
            Assert.That(options.MaxErrors, Is.EqualTo(10));
            Assert.That(options.MaxLineLength, Is.EqualTo(1000));
            Assert.That(options.CommandTimeoutSeconds, Is.EqualTo(300));
            Assert.That(options.DataTimeoutSeconds, Is.EqualTo(600));
            Assert.That(options.AllowPlaintextAuth, Is.False);
        }
    }

    [TestCase("Smtp:MaxLineLength", "100")]
    [TestCase("Smtp:MaxMessageSize", "0")]
    [TestCase("Smtp:MaxRecipients", "0")]
    [TestCase("Smtp:MaxErrors", "0")]
    [TestCase("Smtp:CommandTimeoutSeconds", "0")]
    [TestCase("Smtp:DataTimeoutSeconds", "-5")]
    [TestCase("HostName", "bad host\r\nX-Injected: 1")]
    [TestCase("Limits:InputBufferBytes", "8192")]
    public void Invalid_settings_fail_at_start_naming_the_key(string key, string value)
    {
        using var provider = Build(new Dictionary<string, string?> { [key] = value });
        var exception = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<SmtpOptions>>().Value);
        Assert.That(exception!.Message, Does.Contain(key));
    }

    [Test]
    public void Root_keys_and_section_are_bound()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["HostName"] = "mail.example.test",
            ["Domains:0"] = "example.test",
            ["Domains:1"] = "example.org",
            ["Security:AllowPlaintextAuth"] = "true",
            ["Smtp:MaxMessageSize"] = "1048576",
            ["Smtp:MaxLineLength"] = "4096",
        });
        var options = provider.GetRequiredService<IOptions<SmtpOptions>>().Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.HostName, Is.EqualTo("mail.example.test"));
            Assert.That(options.Domains, Is.EqualTo(new[] { "example.test", "example.org" }));
            Assert.That(options.AllowPlaintextAuth, Is.True);
            Assert.That(options.MaxMessageSize, Is.EqualTo(1_048_576));
            Assert.That(options.MaxLineLength, Is.EqualTo(4096));
        }
    }

    [TestCase("vm", "vm")]
    [TestCase("My_Host", "my-host")]
    [TestCase("ci-runner.local", "ci-runner.local")]
    [TestCase("___", "localhost")]
    public void Machine_names_become_valid_host_names(string machine, string expected) =>
        Assert.That(SmtpOptions.DefaultHostName(machine), Is.EqualTo(expected));

    [Test]
    public void Empty_host_name_falls_back_to_the_machine_name()
    {
        using var provider = Build(new Dictionary<string, string?> { ["HostName"] = "" });
        Assert.That(provider.GetRequiredService<IOptions<SmtpOptions>>().Value.HostName, Is.EqualTo(SmtpOptions.DefaultHostName(Environment.MachineName)));
    }

    [Test]
    public void Domains_may_be_one_comma_separated_value()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Domains"] = "example.test, example.org" });
        Assert.That(provider.GetRequiredService<IOptions<SmtpOptions>>().Value.Domains, Is.EqualTo(new[] { "example.test", "example.org" }));
    }

    [Test]
    public void Registers_an_smtp_and_an_lmtp_handler()
    {
        using var provider = Build(new Dictionary<string, string?> { ["HostName"] = "mx.example.test" });
        var handlers = provider.GetServices<IMailProtocolHandler>().ToArray();
        Assert.That(handlers.Select(static h => h.Protocol), Is.EquivalentTo(new[] { MailProtocol.Smtp, MailProtocol.Lmtp }));
        Assert.That(
            System.Text.Encoding.ASCII.GetString(handlers[0].TooBusyReply.Span),
            Is.EqualTo("421 4.7.0 mx.example.test Too many connections, try again later\r\n"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        var store = new FakeStore();
        var accounts = new FakeAccounts();
        services.AddSingleton<MailHost.Store.IMailStore>(store);
        services.AddSingleton<MailHost.Accounts.IRecipientResolver>(accounts);
        services.AddSingleton<MailHost.Accounts.IAuthenticator>(accounts);
        services.AddSingleton<MailHost.Accounts.ISaslMechanisms>(accounts);
        services.AddOptions<MailHost.Connections.Configuration.ConnectionLimitsOptions>().Bind(configuration.GetSection("Limits"));
        services.AddMailHostSmtp(configuration);
        return services.BuildServiceProvider();
    }
}
