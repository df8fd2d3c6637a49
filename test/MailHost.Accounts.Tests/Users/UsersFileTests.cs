using MailHost.Accounts.Hashing;
using MailHost.Accounts.Users;

namespace MailHost.Accounts.Tests.Users;

public sealed class UsersFileTests
{
    private readonly AddressCanonicalizer _canonicalizer = new(localPartCaseSensitive: false);
    private TempDirectory _directory = null!;
    private ListLogger _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory();
        _logger = new ListLogger();
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public void Missing_file_means_no_users()
    {
        using var users = new UsersFile(_directory.File("users"), _canonicalizer, _logger, watch: false);

        Assert.That(users.Current.Count, Is.Zero);
    }

    [Test]
    public void Parses_comments_odd_lines_extra_fields_and_duplicates()
    {
        File.WriteAllLines(_directory.File("users"),
        [
            "# MailHost users",
            "",
            "   ",
            "  # indented comment",
            "Alice@Example.TEST:{PLAIN}one:1000:1000::/home/alice::userdb_quota_rule=*:storage=1G",
            "no colon on this line",
            "not an address:{PLAIN}x",
            "empty@example.test:",
            "zoë@xn--exmple-cua.test:{PLAIN}two",
            "\"odd:name\"@example.test:{PLAIN}three",
            "alice@example.test:{PLAIN}shadowed",
            "old@example.test:{MD5}abc",
            "bob@example.test:{PLAIN}four\r",
        ]);
        using var users = new UsersFile(_directory.File("users"), _canonicalizer, _logger, watch: false);

        var snapshot = users.Current;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(snapshot.Count, Is.EqualTo(5));
            Assert.That(snapshot.TryGet(new MailUser("alice", "example.test"), out var alice), Is.True);
            Assert.That(alice?.Password, Is.EqualTo("{PLAIN}one"), "first line wins");
            Assert.That(snapshot.TryGet(new MailUser("zoë", "exämple.test"), out var zoe), Is.True);
            Assert.That(zoe?.Password, Is.EqualTo("{PLAIN}two"));
            Assert.That(snapshot.TryGet(new MailUser("\"odd:name\"", "example.test"), out var odd), Is.True);
            Assert.That(odd?.Password, Is.EqualTo("{PLAIN}three"));
            Assert.That(snapshot.TryGet(new MailUser("old", "example.test"), out var old), Is.True);
            Assert.That(old?.Scheme, Is.EqualTo(PasswordScheme.Unknown));
            Assert.That(snapshot.Contains(new MailUser("empty", "example.test")), Is.False);
            Assert.That(_logger.Warnings, Has.Some.Contains(":6: no ':' after the address"));
            Assert.That(_logger.Warnings, Has.Some.Contains(":7: missing @"));
            Assert.That(_logger.Warnings, Has.Some.Contains(":8: empty password field"));
            Assert.That(_logger.Warnings, Has.Some.Contains(":11: duplicate entry for alice@example.test; the first one (line 5) wins"));
            Assert.That(_logger.Warnings, Has.Some.Contains("old@example.test").And.Contains("\"MD5\""));
        }
    }

    [Test]
    public void Extra_fields_are_split_from_the_password()
    {
        var line = UsersFileParser.ParseLine("a@example.test:{PLAIN}pw:1000:1000::/home/a", 1, _canonicalizer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(line.Password, Is.EqualTo("{PLAIN}pw"));
            Assert.That(line.Extra, Is.EqualTo(":1000:1000::/home/a"));
            Assert.That(line.WithPassword("{PLAIN}new"), Is.EqualTo("a@example.test:{PLAIN}new:1000:1000::/home/a"));
        }
    }

    [Test]
    public void Unknown_scheme_warning_is_logged_once_across_reloads()
    {
        var path = _directory.File("users");
        File.WriteAllText(path, "old@example.test:{MD5}abc\n");
        using var users = new UsersFile(path, _canonicalizer, _logger, watch: false);
        _ = users.Current;

        File.AppendAllText(path, "new@example.test:{PLAIN}x\n");
        users.Invalidate();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(users.Current.Count, Is.EqualTo(2));
            Assert.That(_logger.Warnings.Count(w => w.Contains("unsupported scheme", StringComparison.Ordinal)), Is.EqualTo(1));
        }
    }

    [Test]
    public void Reloads_when_time_stamp_or_size_change_without_a_watcher()
    {
        var path = _directory.File("users");
        File.WriteAllText(path, "a@example.test:{PLAIN}x\n");
        using var users = new UsersFile(path, _canonicalizer, _logger, watch: false);
        var (first, firstGeneration) = users.Snapshot;

        File.WriteAllText(path, "a@example.test:{PLAIN}x\nb@example.test:{PLAIN}y\n");
        var (second, secondGeneration) = users.Snapshot;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Count, Is.EqualTo(1));
            Assert.That(second.Count, Is.EqualTo(2));
            Assert.That(secondGeneration, Is.GreaterThan(firstGeneration));
            Assert.That(users.Snapshot.Generation, Is.EqualTo(secondGeneration), "no change, no reload");
        }
    }

    [Test]
    public void Rewriting_identical_contents_keeps_the_generation()
    {
        var path = _directory.File("users");
        File.WriteAllText(path, "a@example.test:{PLAIN}x\n");
        using var users = new UsersFile(path, _canonicalizer, _logger, watch: false);
        var before = users.Snapshot.Generation;

        File.WriteAllText(path, "a@example.test:{PLAIN}x\n");
        users.Invalidate();

        Assert.That(users.Snapshot.Generation, Is.EqualTo(before), "cached logins survive a no-op rewrite");
    }

    [Test]
    public void Reloads_after_an_atomic_rename_over_the_file()
    {
        var path = _directory.File("users");
        File.WriteAllText(path, "a@example.test:{PLAIN}x\n");
        using var users = new UsersFile(path, _canonicalizer, _logger, watch: false);
        _ = users.Current;

        var temporary = _directory.File("users.new");
        File.WriteAllText(temporary, "b@example.test:{PLAIN}y\n");
        File.Move(temporary, path, overwrite: true);

        Assert.That(users.Current.Contains(new MailUser("b", "example.test")), Is.True);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Watcher_notices_a_same_size_rewrite_with_the_old_time_stamp(CancellationToken cancellationToken)
    {
        var path = _directory.File("users");
        File.WriteAllText(path, "a@example.test:{PLAIN}x\n");
        var stamp = File.GetLastWriteTimeUtc(path);
        using var users = new UsersFile(path, _canonicalizer, _logger, watch: true);
        _ = users.Current;

        File.WriteAllText(path, "b@example.test:{PLAIN}y\n");
        File.SetLastWriteTimeUtc(path, stamp);

        while (!users.Current.Contains(new MailUser("b", "example.test")))
        {
            await Task.Delay(20, cancellationToken);
        }

        Assert.That(users.Current.Contains(new MailUser("a", "example.test")), Is.False);
    }
}
