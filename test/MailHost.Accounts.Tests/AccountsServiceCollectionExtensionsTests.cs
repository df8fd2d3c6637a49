using MailHost.Accounts.Tests.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Tests;

public sealed class AccountsServiceCollectionExtensionsTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Data", _directory.Path);
        settings.TryAdd("Accounts:Pbkdf2Iterations", "10000");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddMailHostAccounts(configuration).BuildServiceProvider(validateScopes: true);
    }

    [Test]
    public void Registers_every_contract_as_a_singleton_and_a_system_clock()
    {
        using var provider = Build([]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(TimeProvider.System));
            foreach (var contract in new[]
            {
                typeof(IAddressCanonicalizer), typeof(IAuthenticator), typeof(ISaslMechanisms), typeof(IRecipientResolver), typeof(IUserAdministration),
            })
            {
                var first = provider.GetRequiredService(contract);
                var second = provider.GetRequiredService(contract);
                Assert.That(second, Is.SameAs(first), contract.Name);
            }
        }
    }

    [Test]
    public void Keeps_a_time_provider_registered_before()
    {
        var clock = new ObservedTimeProviderForDi();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Data"] = _directory.Path }).Build();
        using var provider = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddLogging().AddMailHostAccounts(configuration).BuildServiceProvider();

        Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(clock));
    }

    [Test]
    public void Defaults()
    {
        using var provider = Build([]);
        var accounts = provider.GetRequiredService<IOptions<AccountsOptions>>().Value;
        var site = provider.GetRequiredService<IOptions<AccountsSiteOptions>>().Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(site.Domains, Is.EqualTo(new[] { "localhost" }));
            Assert.That(accounts.AuthCacheSeconds, Is.EqualTo(3600));
            Assert.That(accounts.MaxConcurrentVerifications, Is.EqualTo(Environment.ProcessorCount));
            Assert.That(accounts.LocalPartCaseSensitive, Is.False);
            Assert.That(accounts.PlusAddressing, Is.True);
            Assert.That(accounts.PlusSeparator, Is.EqualTo("+"));
            Assert.That(new AccountsOptions().Pbkdf2Iterations, Is.EqualTo(600_000));
            Assert.That(new AccountsSiteOptions().Data, Is.EqualTo("./data"));
            Assert.That(provider.GetRequiredService<IRecipientResolver>().IsLocalDomain("LOCALHOST"), Is.True);
        }
    }

    [Test]
    public void Configured_domains_replace_the_default()
    {
        using var provider = Build(new() { ["Domains:0"] = "example.test", ["Domains:1"] = "xn--exmple-cua.test" });
        var resolver = provider.GetRequiredService<IRecipientResolver>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resolver.IsLocalDomain("exämple.test"), Is.True);
            Assert.That(resolver.IsLocalDomain("example.test"), Is.True);
            Assert.That(resolver.IsLocalDomain("localhost"), Is.False);
        }
    }

    [Test]
    public void Domains_as_one_comma_separated_value()
    {
        using var provider = Build(new() { ["Domains"] = "example.test, xn--exmple-cua.test" });

        Assert.That(provider.GetRequiredService<IOptions<AccountsSiteOptions>>().Value.Domains, Is.EqualTo(new[] { "example.test", "xn--exmple-cua.test" }));
    }

    [TestCase("Accounts:Pbkdf2Iterations", "9999", "Accounts:Pbkdf2Iterations must be at least 10000")]
    [TestCase("Accounts:MaxConcurrentVerifications", "0", "Accounts:MaxConcurrentVerifications must be at least 1")]
    [TestCase("Accounts:AuthCacheSeconds", "-1", "Accounts:AuthCacheSeconds must not be negative")]
    [TestCase("Accounts:Throttle:MaxFailures", "0", "Accounts:Throttle:MaxFailures must be at least 1")]
    [TestCase("Accounts:Throttle:WindowSeconds", "0", "Accounts:Throttle:WindowSeconds must be at least 1")]
    [TestCase("Accounts:PlusSeparator", "@", "Accounts:PlusSeparator must be one character")]
    [TestCase("Accounts:CatchAll:example.test", "not an address", "Accounts:CatchAll:example.test: target \"not an address\": missing @")]
    public void Invalid_accounts_settings_name_their_key(string key, string value, string message)
    {
        using var provider = Build(new() { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<AccountsOptions>>().Value);

        Assert.That(exception.Message, Does.Contain(message));
    }

    [Test]
    public void Invalid_domain_names_its_key()
    {
        using var provider = Build(new() { ["Domains:0"] = "example.test", ["Domains:1"] = "bad domain" });

        var exception = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<AccountsSiteOptions>>().Value);

        Assert.That(exception.Message, Does.Contain("Domains:1 (\"bad domain\"): malformed domain"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Cli_round_trip_through_the_container(CancellationToken cancellationToken)
    {
        using var provider = Build(new() { ["Domains:0"] = "example.test" });
        var admin = provider.GetRequiredService<IUserAdministration>();
        var authenticator = provider.GetRequiredService<IAuthenticator>();
        var sasl = provider.GetRequiredService<ISaslMechanisms>();
        using var metrics = new MetricsRecorder(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

        var added = await admin.AddAsync("Alice@Example.Test", "secret", cancellationToken);
        Assert.That(sasl.TryCreate("PLAIN"u8, out var exchange), Is.True);
        var step = exchange!.Start("\0ALICE@example.test\0secret"u8, hasInitialResponse: true);
        var good = await authenticator.AuthenticateAsync(step.UserName!, step.Password!, null, cancellationToken);
        var bad = await authenticator.AuthenticateAsync("alice@example.test", "wrong", null, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.Succeeded, Is.True, added.Error);
            Assert.That(File.ReadAllText(Path.Combine(_directory.Path, "users")), Does.StartWith("alice@example.test:{PBKDF2-SHA256}10000$"));
            Assert.That(good.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
            Assert.That(good.User, Is.EqualTo(new MailUser("alice", "example.test")));
            Assert.That(bad.Status, Is.EqualTo(AuthenticationStatus.Failed));
            Assert.That(metrics.MeterNames.Distinct(), Is.EqualTo(new[] { "MailHost.Accounts" }));
            Assert.That(metrics.Get("mailhost.accounts.auth.attempts|result=failed"), Is.EqualTo(1));
        }
    }
}
