using MailHost.Connections;
using MailHost.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Tests.Cli;

[CancelAfter(60_000)]
public sealed class ServeCommandTests
{
    private CliHarness cli = null!;

    [SetUp]
    public void SetUp() => cli = new CliHarness();

    [TearDown]
    public void TearDown() => cli.Dispose();

    [Test]
    public async Task A_crashed_background_service_makes_serve_exit_non_zero()
    {
        cli.ConfigureServices = s =>
        {
            s.AddSingleton<IMailProtocolHandler>(new GreetingOnlyHandler(MailProtocol.Lmtp));
            s.AddHostedService<CrashingService>();
        };
        string[] endpoints =
        [
            .. new[] { "imap", "imaps", "smtp", "submission", "submissions" }.Select(n => $"--Endpoints:{n}:Enabled=false"),
            "--Endpoints:lmtp:Enabled=true",
            "--Endpoints:lmtp:Port=0",
        ];

        var run = await cli.RunAsync("", ["serve", .. endpoints]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.Contain("CrashingService failed: deliberate crash"));
            Assert.That(Directory.Exists(cli.DataFolder), Is.True);
        }
    }
}
