using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Imap.Tests.Fakes;
using MailHost.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailHost.Imap.Tests;

public sealed class ImapServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IMailStore>(new FakeMailStore());
        services.AddSingleton<IAuthenticator>(new FakeAuthenticator());
        services.AddSingleton<ISaslMechanisms>(new FakeSaslMechanisms());
        services.AddMailHostImap(configuration);
        return services.BuildServiceProvider();
    }

    [Test]
    public void Defaults_and_root_keys_are_bound()
    {
        using var provider = Build(new() { ["HostName"] = "mx.example.com", ["Security:AllowPlaintextAuth"] = "true", ["Imap:AppendLimit"] = "1000000" });
        var options = provider.GetRequiredService<IOptions<ImapOptions>>().Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.HostName, Is.EqualTo("mx.example.com"));
            Assert.That(options.AllowPlaintextAuth, Is.True);
            Assert.That(options.AppendLimit, Is.EqualTo(1000000));
            Assert.That(options.MaxLineLength, Is.EqualTo(65536));
            Assert.That(options.PreAuthTimeoutSeconds, Is.EqualTo(60));
            Assert.That(provider.GetServices<IMailProtocolHandler>().Single().Protocol, Is.EqualTo(MailProtocol.Imap));
        }
    }

    [TestCase("Imap:MaxLineLength", "1000", "Imap:MaxLineLength")]
    [TestCase("Imap:MaxLineLength", "900000", "Imap:MaxLineLength")]
    [TestCase("Imap:AuthenticatedTimeoutSeconds", "60", "Imap:AuthenticatedTimeoutSeconds")]
    [TestCase("Imap:MaxBadCommands", "0", "Imap:MaxBadCommands")]
    public void Invalid_settings_fail_naming_the_key(string key, string value, string named)
    {
        using var provider = Build(new() { [key] = value });
        var exception = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<ImapOptions>>().Value);
        Assert.That(exception!.Message, Does.Contain(named));
    }
}
