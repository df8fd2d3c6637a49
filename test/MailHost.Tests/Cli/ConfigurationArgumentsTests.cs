using MailHost.Cli;

namespace MailHost.Tests.Cli;

public sealed class ConfigurationArgumentsTests
{
    [TestCase("--Data=/srv/mail", true)]
    [TestCase("--Endpoints:imap:Port=10143", true)]
    [TestCase("--HostName=", true)]
    [TestCase("--password-stdin", false)]
    [TestCase("--=x", false)]
    [TestCase("-x=1", false)]
    [TestCase("alice@example.test", false)]
    [TestCase("--1=x", false)]
    [TestCase("users", false)]
    public void Recognises_key_value_tokens(string token, bool isConfiguration) =>
        Assert.That(ConfigurationArguments.IsConfigurationToken(token), Is.EqualTo(isConfiguration));

    [Test]
    public void Configuration_tokens_are_taken_from_anywhere_on_the_line()
    {
        var (command, configuration) = ConfigurationArguments.Split(["--Data=/x", "users", "add", "--Domains:0=a.test", "a@a.test", "--password-stdin"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(command, Is.EqualTo(new[] { "users", "add", "a@a.test", "--password-stdin" }));
            Assert.That(configuration, Is.EqualTo(new[] { "--Data=/x", "--Domains:0=a.test" }));
        }
    }
}
