using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Connections;

/// <summary>
/// TLS 1.2+ with modern suites only, checked with a real client (<c>openssl s_client</c>, its own security level
/// lowered so that it offers what it is told and any refusal is the daemon's): old protocol versions get the
/// "protocol version" alert, a CBC suite gets "handshake failure", and a default client negotiates an AEAD suite.
/// </summary>
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class TlsPolicyTests
{
    private DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Endpoints.Clear();
        options.Endpoints.Add("imaps");
        _daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [TestCase("-tls1", "DEFAULT:@SECLEVEL=0", "alert protocol version", TestName = "Tls_1_0_is_refused")]
    [TestCase("-tls1_1", "DEFAULT:@SECLEVEL=0", "alert protocol version", TestName = "Tls_1_1_is_refused")]
    [TestCase("-tls1_2", "ECDHE-ECDSA-AES256-SHA384:@SECLEVEL=0", "alert handshake failure", TestName = "Tls_1_2_cbc_suite_is_refused")]
    [TestCase("-tls1_2", "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0", "alert handshake failure", TestName = "Tls_1_2_sha1_suite_is_refused")]
    [TestCase("-tls1_2", "DEFAULT", "Cipher is ECDHE-ECDSA-AES256-GCM-SHA384", TestName = "Tls_1_2_negotiates_an_aead_suite")]
    [TestCase("-tls1_3", "DEFAULT", "Cipher is TLS_AES_256_GCM_SHA384", TestName = "Tls_1_3_is_offered")]
    public async Task Openssl_client_sees_the_policy(string version, string ciphers, string expected, CancellationToken cancellationToken)
    {
        var result = await CommandLine.RunAsync(
            "openssl",
            ["s_client", "-connect", $"{DaemonProcess.Host}:{_daemon.Port("imaps")}", version, "-cipher", ciphers, "-servername", "mail.example.test"],
            cancellationToken);

        Assert.That(result.Output + result.Error, Does.Contain(expected));
    }
}
