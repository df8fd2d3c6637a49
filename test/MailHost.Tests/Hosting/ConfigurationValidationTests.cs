using MailHost.Tests.Support;

namespace MailHost.Tests.Hosting;

public sealed class ConfigurationValidationTests
{
    private CliHarness cli = null!;

    [SetUp]
    public void SetUp() => cli = new CliHarness();

    [TearDown]
    public void TearDown() => cli.Dispose();

    [TestCase("--Endpoints:imap:Port=70000", "Endpoints:imap:Port")]
    [TestCase("--Endpoints:smtp:Port=abc", "Endpoints:smtp:Port")]
    [TestCase("--Endpoints:pop3:Port=110", "Endpoints:pop3")]
    [TestCase("--Endpoints:imap:Address=nowhere", "Endpoints:imap:Address")]
    [TestCase("--Endpoints:lmtp:Enabled=maybe", "Endpoints:lmtp:Enabled")]
    [TestCase("--Shutdown:DrainSeconds=-1", "Shutdown:DrainSeconds")]
    [TestCase("--Shutdown:DrainSeconds=soon", "Shutdown:DrainSeconds")]
    [TestCase("--Domains:0=not a domain", "Domains:0")]
    [TestCase("--HostName=bad host", "HostName")]
    public async Task Check_names_the_bad_key_in_one_line(string argument, string key)
    {
        var run = await cli.RunAsync("", "check", argument);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
            Assert.That(run.Error, Does.StartWith("mailhost: ").And.Contain(key));
            Assert.That(run.Error, Does.Not.Contain("   at "), "no stack trace");
        }
    }

    [Test]
    public async Task Serve_refuses_to_start_on_invalid_configuration()
    {
        var run = await cli.RunAsync("", "--Endpoints:imap:Port=70000");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("Endpoints:imap:Port"));
        }
    }

    [Test]
    public async Task Disabling_every_endpoint_is_an_error()
    {
        string[] args = ["check", .. new[] { "imap", "imaps", "smtp", "submission", "submissions" }.Select(n => $"--Endpoints:{n}:Enabled=false")];

        var run = await cli.RunAsync("", args);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("Endpoints"));
        }
    }

    [Test]
    public async Task Check_prints_the_effective_endpoints()
    {
        cli.Variables["MAILHOST_ENDPOINTS__IMAP__PORT"] = "10143";

        var run = await cli.RunAsync("", "check", "--Endpoints:lmtp:Enabled=true", "--Endpoints:smtp:Address=::");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.OutputLines, Has.Some.Match(@"^imap\s+IMAP\s+STARTTLS\s+127\.0\.0\.1:10143$"));
            Assert.That(run.OutputLines, Has.Some.Match(@"^smtp\s+SMTP\s+STARTTLS\s+\[::\]:2525$"));
            Assert.That(run.OutputLines, Has.Some.Match(@"^lmtp\s+LMTP\s+plaintext\s+127\.0\.0\.1:2424$"));
            Assert.That(run.OutputLines, Has.Some.Contains(cli.DataFolder));
        }
    }
}
