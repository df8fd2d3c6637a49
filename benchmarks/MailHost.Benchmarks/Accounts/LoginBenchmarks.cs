using System.Net;
using BenchmarkDotNet.Attributes;
using MailHost.Accounts;
using MailHost.Benchmarks.Common;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Benchmarks.Accounts;

/// <summary>
/// A login through <see cref="IAuthenticator"/> as IMAP/SMTP call it: uncached (PBKDF2-SHA256 at the default 600,000
/// iterations, what every login would cost without the cache) against a repeat login served from the auth cache.
/// </summary>
[MemoryDiagnoser]
public class LoginBenchmarks
{
    private const string User = "alice@example.test";
    private const string Password = "correct horse battery staple";

    private string _data = string.Empty;
    private ServiceProvider? _cachedProvider;
    private ServiceProvider? _uncachedProvider;
    private IAuthenticator? _cached;
    private IAuthenticator? _uncached;

    [GlobalSetup]
    public async Task Setup()
    {
        _data = BenchmarkHost.CreateTempDirectory("login");
        _cachedProvider = Build(_data, cacheSeconds: 3600);
        _uncachedProvider = Build(_data, cacheSeconds: 0);

        var added = await _cachedProvider.GetRequiredService<IUserAdministration>().AddAsync(User, Password, CancellationToken.None);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException("could not add the benchmark user: " + added.Error);
        }

        var stored = await File.ReadAllTextAsync(Path.Combine(_data, "users"));
        if (!stored.Contains("600000", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the users file does not hold a 600,000-iteration hash: " + stored);
        }

        _cached = _cachedProvider.GetRequiredService<IAuthenticator>();
        _uncached = _uncachedProvider.GetRequiredService<IAuthenticator>();

        // Primes the cache, and proves both paths accept the password before anything is measured.
        await Expect(_cached, AuthenticationStatus.Succeeded);
        await Expect(_uncached, AuthenticationStatus.Succeeded);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_cachedProvider is not null)
        {
            await _cachedProvider.DisposeAsync();
        }

        if (_uncachedProvider is not null)
        {
            await _uncachedProvider.DisposeAsync();
        }

        BenchmarkHost.DeleteDirectory(_data);
    }

    [Benchmark(Baseline = true)]
    public ValueTask<AuthenticationResult> UncachedLogin() =>
        _uncached!.AuthenticateAsync(User, Password, IPAddress.Loopback, CancellationToken.None);

    [Benchmark]
    public ValueTask<AuthenticationResult> CachedLogin() =>
        _cached!.AuthenticateAsync(User, Password, IPAddress.Loopback, CancellationToken.None);

    private static ServiceProvider Build(string data, int cacheSeconds) =>
        BenchmarkHost.Build(
            data,
            new Dictionary<string, string?>
            {
                ["Domains:0"] = "example.test",
                ["Accounts:AuthCacheSeconds"] = cacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            static (services, configuration) => services.AddMailHostAccounts(configuration));

    private static async Task Expect(IAuthenticator authenticator, AuthenticationStatus expected)
    {
        var result = await authenticator.AuthenticateAsync(User, Password, IPAddress.Loopback, CancellationToken.None);
        if (result.Status != expected)
        {
            throw new InvalidOperationException($"login answered {result.Status}, expected {expected}");
        }
    }
}
