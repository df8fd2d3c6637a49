using BenchmarkDotNet.Attributes;
using MailHost.Accounts;
using MailHost.Benchmarks.Common;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Benchmarks.Accounts;

/// <summary>
/// Address canonicalisation, run for every login, RCPT and users-file line: an already canonical ASCII address, a
/// mixed-case one, an internationalised one (UTF-8 local part, IDNA <c>xn--</c> domain) and a quoted local part.
/// </summary>
[MemoryDiagnoser]
public class AddressCanonicalizationBenchmarks
{
    private string _data = string.Empty;
    private ServiceProvider? _provider;
    private IAddressCanonicalizer? _canonicalizer;

    [Params(
        "alice@example.test",
        "Alice.Smith@Example.TEST",
        "Zoë@xn--bcher-kva.example",
        "\"alice\"@example.test")]
    public string Address { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkHost.CreateTempDirectory("canon");
        _provider = BenchmarkHost.Build(
            _data,
            new Dictionary<string, string?> { ["Domains:0"] = "example.test" },
            static (services, configuration) => services.AddMailHostAccounts(configuration));
        _canonicalizer = _provider.GetRequiredService<IAddressCanonicalizer>();
        if (!_canonicalizer.TryCanonicalize(Address, out _, out var error))
        {
            throw new InvalidOperationException($"{Address} did not canonicalise: {error}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        BenchmarkHost.DeleteDirectory(_data);
    }

    [Benchmark]
    public MailUser? Canonicalize()
    {
        _canonicalizer!.TryCanonicalize(Address, out var user, out _);
        return user;
    }
}
