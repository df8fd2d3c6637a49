using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Hosting;

[CancelAfter(60_000)]
public sealed class ConfigurationErrorTests
{
    private string folder = null!;

    [SetUp]
    public void SetUp() => folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mailhost-e2e-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    [TestCase("--Endpoints:imap:Port=70000", "Endpoints:imap:Port")]
    [TestCase("--Endpoints:pop3:Enabled=true", "Endpoints:pop3")]
    public async Task The_daemon_refuses_to_start_and_names_the_key(string argument, string key, CancellationToken cancellationToken)
    {
        var result = await MailHostExecutable.RunAsync(folder, ["serve", "--Data=data", argument], cancellationToken: cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Error, Does.Contain(key));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        }
    }

    [Test]
    public async Task An_environment_variable_is_configuration_too(CancellationToken cancellationToken)
    {
        var result = await MailHostExecutable.RunAsync(
            folder,
            ["check"],
            environment: new Dictionary<string, string> { ["MAILHOST_ENDPOINTS__SMTP__PORT"] = "smtp" },
            cancellationToken: cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Error, Does.Contain("Endpoints:smtp:Port"));
        }
    }
}
