using MailHost.Tests.Support;

namespace MailHost.Tests.Cli;

/// <summary>The users verbs against the real users file in a temp data folder (MailHost.Accounts' implementation).</summary>
public sealed class UsersFileTests
{
    private const string FastHashing = "--Accounts:Pbkdf2Iterations=10000";
    private CliHarness cli = null!;

    [SetUp]
    public void SetUp() => cli = new CliHarness();

    [TearDown]
    public void TearDown() => cli.Dispose();

    [Test]
    public async Task Add_writes_a_hash_never_the_password_and_list_reads_it_back()
    {
        var add = await cli.RunAsync("Pa55word!\n", "users", "add", "Alice@LocalHost", "--password-stdin", FastHashing);
        var list = await cli.RunAsync("", "users", "list");
        var file = await File.ReadAllTextAsync(Path.Combine(cli.DataFolder, "users"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(add.ExitCode, Is.Zero, add.Error);
            Assert.That(list.OutputLines, Is.EqualTo(new[] { "alice@localhost" }));
            Assert.That(file, Does.StartWith("alice@localhost:").And.Not.Contain("Pa55word!"));
        }
    }

    [TestCase("bob@example.test", TestName = "unknown domain")]
    [TestCase("not-an-address", TestName = "malformed address")]
    [TestCase("alice@localhost", TestName = "existing user")]
    public async Task Bad_input_is_one_line_and_a_failure(string address)
    {
        await cli.RunAsync("first\n", "users", "add", "alice@localhost", "--password-stdin", FastHashing);
        var before = await File.ReadAllTextAsync(Path.Combine(cli.DataFolder, "users"));

        var run = await cli.RunAsync("second\n", "users", "add", address, "--password-stdin", FastHashing);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.ErrorLines, Has.Length.EqualTo(1).And.All.StartsWith("mailhost: "));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(cli.DataFolder, "users")), Is.EqualTo(before));
        }
    }

    [Test]
    public async Task Passwd_changes_the_hash_and_remove_deletes_the_line()
    {
        await cli.RunAsync("first\n", "users", "add", "alice@localhost", "--password-stdin", FastHashing);
        await cli.RunAsync("pw\n", "users", "add", "bob@localhost", "--password-stdin", FastHashing);
        var before = await File.ReadAllLinesAsync(Path.Combine(cli.DataFolder, "users"));

        var passwd = await cli.RunAsync("second\n", "users", "passwd", "alice@localhost", "--password-stdin", FastHashing);
        var remove = await cli.RunAsync("", "users", "remove", "bob@localhost");
        var after = await File.ReadAllLinesAsync(Path.Combine(cli.DataFolder, "users"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(passwd.ExitCode, Is.Zero, passwd.Error);
            Assert.That(remove.ExitCode, Is.Zero, remove.Error);
            Assert.That(after, Has.Length.EqualTo(1));
            Assert.That(after[0], Does.StartWith("alice@localhost:").And.Not.EqualTo(before[0]));
        }
    }
}
