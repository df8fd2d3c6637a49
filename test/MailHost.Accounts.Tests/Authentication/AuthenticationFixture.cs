using System.Diagnostics.Metrics;
using MailHost.Accounts.Authentication;
using MailHost.Accounts.Hashing;
using MailHost.Accounts.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailHost.Accounts.Tests.Authentication;

/// <summary>A real authenticator over a temporary users file, a counting hasher and a fake clock.</summary>
internal sealed class AuthenticationFixture : IDisposable
{
    public const string AlicePassword = "alice-pw";
    public const string BobPassword = "bob-pw";

    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public AuthenticationFixture(Action<AccountsOptions>? configure = null, Func<IPasswordHasher, IPasswordHasher>? wrapHasher = null)
    {
        var options = TestOptions.Wrap(TestOptions.Accounts(configure));
        RealHasher = new PasswordHasher(options);
        Hasher = new CountingHasher(wrapHasher is null ? RealHasher : wrapHasher(RealHasher));
        WriteUsers(
            "alice@example.test:" + RealHasher.Hash(AlicePassword),
            "bob@example.test:{PLAIN}" + BobPassword,
            "legacy@example.test:{MD5}0123456789abcdef");
        var canonicalizer = new AddressCanonicalizer(localPartCaseSensitive: false);
        Users = new UsersFile(UsersPath, canonicalizer, NullLogger.Instance, watch: false);
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new AccountsMetrics(MeterFactory);
        Cache = new AuthenticationCache(options, Time);
        Throttle = new AuthenticationThrottle(options, Time);
        Authenticator = new Authenticator(
            options, canonicalizer, Users, Hasher, Cache, Throttle, Metrics, Time, NullLogger<Authenticator>.Instance);
    }

    public ObservedTimeProvider Time { get; } = new();

    public PasswordHasher RealHasher { get; }

    public CountingHasher Hasher { get; }

    public UsersFile Users { get; }

    public IMeterFactory MeterFactory { get; }

    public AccountsMetrics Metrics { get; }

    public AuthenticationCache Cache { get; }

    public AuthenticationThrottle Throttle { get; }

    public Authenticator Authenticator { get; }

    public string UsersPath => _directory.File("users");

    public void WriteUsers(params string[] lines) => File.WriteAllLines(UsersPath, lines);

    public ValueTask<AuthenticationResult> LoginAsync(string user, string password, string? remote = "192.0.2.1") =>
        Authenticator.AuthenticateAsync(user, password, remote is null ? null : System.Net.IPAddress.Parse(remote), CancellationToken.None);

    public void Dispose()
    {
        Authenticator.Dispose();
        Users.Dispose();
        _services.Dispose();
        _directory.Dispose();
    }
}
