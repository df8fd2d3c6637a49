using MailHost.Tests.Support;

namespace MailHost.Tests.Health;

[CancelAfter(30_000)]
public sealed class HealthCommandTests
{
    private static readonly string[] AllEndpoints = ["imap", "imaps", "smtp", "submission", "submissions", "lmtp"];
    private CliHarness cli = null!;

    [SetUp]
    public void SetUp() => cli = new CliHarness();

    [TearDown]
    public void TearDown() => cli.Dispose();

    [Test]
    public async Task Healthy_when_every_enabled_endpoint_greets()
    {
        await using var imap = new FakeGreeter("* OK [CAPABILITY IMAP4rev1] ready");
        await using var smtp = new FakeGreeter("220 mx.test ESMTP");
        await using var lmtp = new FakeGreeter("220 mx.test LMTP");

        var run = await HealthAsync(("imap", imap.Port), ("smtp", smtp.Port), ("lmtp", lmtp.Port));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Output + run.Error);
            Assert.That(run.OutputLines, Has.Length.EqualTo(3));
            Assert.That(run.OutputLines, Has.All.StartsWith("ok"));
            Assert.That(run.OutputLines, Has.Some.Contains($"imap 127.0.0.1:{imap.Port}"));
            Assert.That(imap.Connections + smtp.Connections + lmtp.Connections, Is.EqualTo(3));
        }
    }

    [TestCase("0.0.0.0")]
    [TestCase("::")]
    public async Task Wildcard_listen_addresses_are_probed_on_loopback(string address)
    {
        await using var imap = new FakeGreeter("* OK ready");

        var run = await HealthAsync([$"--Endpoints:imap:Address={address}"], ("imap", imap.Port));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Output + run.Error);
            Assert.That(run.OutputLines, Is.EqualTo(new[] { $"ok   imap 127.0.0.1:{imap.Port} * OK ready" }));
        }
    }

    [Test]
    public async Task Unhealthy_when_one_endpoint_is_down()
    {
        await using var imap = new FakeGreeter("* OK ready");
        var downPort = FakeGreeter.UnusedPort();

        var run = await HealthAsync(("imap", imap.Port), ("submission", downPort));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.OutputLines, Has.One.Match($@"^FAIL submission 127\.0\.0\.1:{downPort} cannot connect"));
            Assert.That(run.OutputLines, Has.One.StartsWith("ok   imap"));
        }
    }

    [TestCase("imap", "220 mx.test ESMTP")]
    [TestCase("smtp", "* OK ready")]
    [TestCase("smtp", "554 no service")]
    [TestCase("imap", "* BYE too busy")]
    [TestCase("smtp", "2200 odd")]
    public async Task Unhealthy_on_a_wrong_greeting(string endpoint, string greeting)
    {
        await using var server = new FakeGreeter(greeting);

        var run = await HealthAsync((endpoint, server.Port));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.OutputLines, Has.One.StartsWith($"FAIL {endpoint}").And.Contains("unexpected greeting"));
        }
    }

    [Test]
    public async Task Implicit_tls_endpoints_are_probed_over_tls_trusting_our_own_certificate()
    {
        using var certificate = TestCertificates.CreateSelfSigned("mx.test");
        TestCertificates.WritePem(certificate, Path.Combine(cli.DataFolder, "tls", "cert.pem"));
        await using var imaps = new FakeGreeter("* OK ready", certificate);
        await using var submissions = new FakeGreeter("220 mx.test ESMTP", certificate);

        var run = await HealthAsync(("imaps", imaps.Port), ("submissions", submissions.Port));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Output + run.Error);
            Assert.That(run.OutputLines, Has.Length.EqualTo(2).And.All.StartsWith("ok"));
        }
    }

    [Test]
    public async Task An_unknown_certificate_is_not_trusted()
    {
        using var ours = TestCertificates.CreateSelfSigned("mx.test");
        using var stranger = TestCertificates.CreateSelfSigned("mx.test");
        TestCertificates.WritePem(ours, Path.Combine(cli.DataFolder, "tls", "cert.pem"));
        await using var imaps = new FakeGreeter("* OK ready", stranger);

        var run = await HealthAsync(("imaps", imaps.Port));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.OutputLines, Has.One.StartsWith("FAIL imaps").And.Contains("TLS"));
        }
    }

    private Task<CliRun> HealthAsync(params (string Name, int Port)[] enabled) => HealthAsync([], enabled);

    private async Task<CliRun> HealthAsync(string[] extra, params (string Name, int Port)[] enabled)
    {
        List<string> args = ["health", $"--Data={cli.DataFolder}", .. extra];
        foreach (var name in AllEndpoints)
        {
            var match = enabled.FirstOrDefault(e => e.Name == name);
            args.Add($"--Endpoints:{name}:Enabled={match.Name is not null}");
            if (match.Name is not null)
            {
                args.Add($"--Endpoints:{name}:Port={match.Port}");
            }
        }

        return await cli.RunAsync("", [.. args]);
    }
}
