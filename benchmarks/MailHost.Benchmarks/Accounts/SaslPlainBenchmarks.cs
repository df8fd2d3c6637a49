using System.Text;
using BenchmarkDotNet.Attributes;
using MailHost.Accounts;
using MailHost.Benchmarks.Common;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Benchmarks.Accounts;

/// <summary>
/// One SASL PLAIN exchange as AUTHENTICATE/AUTH run it: create the mechanism by name, feed the decoded initial response
/// (<c>NUL alice@example.test NUL password</c>, and the same with an authzid naming the same user), get the credentials.
/// The two strings handed to the authenticator outlive the buffer, so they are the expected allocations.
/// </summary>
[MemoryDiagnoser]
public class SaslPlainBenchmarks
{
    private static readonly byte[] PlainResponse = Encoding.UTF8.GetBytes("\0alice@example.test\0correct horse battery staple");
    private static readonly byte[] PlainWithAuthzid =
        Encoding.UTF8.GetBytes("Alice@Example.TEST\0alice@example.test\0correct horse battery staple");

    private string _data = string.Empty;
    private ServiceProvider? _provider;
    private ISaslMechanisms? _mechanisms;

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkHost.CreateTempDirectory("sasl");
        _provider = BenchmarkHost.Build(
            _data,
            new Dictionary<string, string?> { ["Domains:0"] = "example.test" },
            static (services, configuration) => services.AddMailHostAccounts(configuration));
        _mechanisms = _provider.GetRequiredService<ISaslMechanisms>();
        if (Step(PlainResponse).Kind != SaslStepKind.Credentials || Step(PlainWithAuthzid).Kind != SaslStepKind.Credentials)
        {
            throw new InvalidOperationException("PLAIN did not yield credentials");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        BenchmarkHost.DeleteDirectory(_data);
    }

    [Benchmark]
    public SaslStep Plain() => Step(PlainResponse);

    [Benchmark]
    public SaslStep PlainWithSameAuthzid() => Step(PlainWithAuthzid);

    private SaslStep Step(byte[] response)
    {
        if (!_mechanisms!.TryCreate("PLAIN"u8, out var exchange))
        {
            throw new InvalidOperationException("PLAIN is not offered");
        }

        return exchange.Start(response, hasInitialResponse: true);
    }
}
