using MailHost.Accounts;
using MailHost.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHost.Tests.Cli;

public sealed class UsersCommandTests
{
    private CliHarness cli = null!;
    private FakeUserAdministration users = null!;

    [SetUp]
    public void SetUp()
    {
        users = new FakeUserAdministration();
        cli = new CliHarness { ConfigureServices = s => s.Replace(ServiceDescriptor.Singleton<IUserAdministration>(users)) };
    }

    [TearDown]
    public void TearDown() => cli.Dispose();

    [TestCase("s3cret\n")]
    [TestCase("s3cret\r\n")]
    [TestCase("s3cret")]
    [TestCase("s3cret\r\nignored second line\n")]
    public async Task Add_reads_one_line_from_stdin_without_its_line_ending(string input)
    {
        var run = await cli.RunAsync(input, "users", "add", "alice@localhost", "--password-stdin");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(users.Users, Is.EquivalentTo(new Dictionary<string, string> { ["alice@localhost"] = "s3cret" }));
            Assert.That(Directory.Exists(cli.DataFolder), Is.True);
        }
    }

    [TestCase("")]
    [TestCase("\n")]
    public async Task Add_rejects_an_empty_password(string input)
    {
        var run = await cli.RunAsync(input, "users", "add", "alice@localhost", "--password-stdin");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
            Assert.That(users.Users, Is.Empty);
        }
    }

    [Test]
    public async Task Add_without_a_terminal_and_without_password_stdin_fails_with_advice()
    {
        var run = await cli.RunAsync("s3cret\n", "users", "add", "alice@localhost");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("--password-stdin"));
            Assert.That(users.Users, Is.Empty);
        }
    }

    [Test]
    public async Task Add_prompts_twice_without_echo_on_a_terminal()
    {
        var keys = Keys("pw\bx!\r" + "px!\r");

        var run = await cli.RunAsync("", isInteractive: true, keys, "users", "add", "alice@localhost");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(users.Users["alice@localhost"], Is.EqualTo("px!"));
            Assert.That(run.Error, Does.Contain("Password: ").And.Not.Contain("px!"));
            Assert.That(run.Output, Does.Not.Contain("px!"));
        }
    }

    [Test]
    public async Task Add_refuses_when_the_prompted_passwords_differ()
    {
        var run = await cli.RunAsync("", isInteractive: true, Keys("one\rtwo\r"), "users", "add", "alice@localhost");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("do not match"));
            Assert.That(users.Users, Is.Empty);
        }
    }

    [Test]
    public async Task A_refusal_from_the_users_file_is_one_line_and_a_failure()
    {
        users.Users["alice@localhost"] = "old";

        var run = await cli.RunAsync("new\n", "users", "add", "alice@localhost", "--password-stdin");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.ErrorLines, Is.EqualTo(new[] { "mailhost: alice@localhost already exists" }));
            Assert.That(users.Users["alice@localhost"], Is.EqualTo("old"));
        }
    }

    [Test]
    public async Task Passwd_remove_and_list_reach_the_users_file()
    {
        users.Users["alice@localhost"] = "old";
        users.Users["bob@localhost"] = "pw";

        var passwd = await cli.RunAsync("new\n", "users", "passwd", "alice@localhost", "--password-stdin");
        var remove = await cli.RunAsync("", "users", "remove", "bob@localhost");
        var list = await cli.RunAsync("", "users", "list");
        var removeMissing = await cli.RunAsync("", "users", "remove", "bob@localhost");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(passwd.ExitCode, Is.Zero, passwd.Error);
            Assert.That(remove.ExitCode, Is.Zero, remove.Error);
            Assert.That(list.OutputLines, Is.EqualTo(new[] { "alice@localhost" }));
            Assert.That(users.Users["alice@localhost"], Is.EqualTo("new"));
            Assert.That(removeMissing.ExitCode, Is.Not.Zero);
        }
    }

    [TestCase("users", "add")]
    [TestCase("users", "frobnicate")]
    [TestCase("users", "add", "a@localhost", "b@localhost")]
    [TestCase("launch")]
    public async Task Bad_command_lines_fail_with_a_message(params string[] args)
    {
        var run = await cli.RunAsync("", args);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.StartWith("mailhost: "));
            Assert.That(users.Users, Is.Empty);
        }
    }

    [Test]
    public async Task Configuration_tokens_select_the_data_folder_for_users_verbs()
    {
        var data = Path.Combine(cli.CurrentDirectory, "elsewhere");

        var run = await cli.RunAsync("pw\n", "users", "add", $"--Data={data}", "alice@localhost", "--password-stdin");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(Directory.Exists(data), Is.True);
            Assert.That(Directory.Exists(cli.DataFolder), Is.False);
        }
    }

    private static Queue<ConsoleKeyInfo> Keys(string typed) =>
        new(typed.Select(c => c switch
        {
            '\r' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
            '\b' => new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false),
            _ => new ConsoleKeyInfo(c, ConsoleKey.A, false, false, false),
        }));
}
