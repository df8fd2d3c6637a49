using MailHost.Accounts.Hashing;
using MailHost.Accounts.Users;

namespace MailHost.Accounts.Tests.Users;

public sealed class UserAdministrationTests
{
    private readonly AddressCanonicalizer _canonicalizer = new(localPartCaseSensitive: false);
    private readonly PasswordHasher _hasher = new(TestOptions.Wrap(TestOptions.Accounts()));
    private TempDirectory _directory = null!;
    private UsersFile _users = null!;
    private UserAdministration _admin = null!;

    private string UsersPath => _directory.File("users");

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory();
        _users = new UsersFile(UsersPath, _canonicalizer, new ListLogger(), watch: false);
        var domains = new LocalDomains(["example.test", "xn--exmple-cua.test"], _canonicalizer);
        _admin = new UserAdministration(_canonicalizer, domains, _hasher, _users);
    }

    [TearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _users.Dispose();
        _directory.Dispose();
    }

    [Test]
    public async Task Add_creates_the_file_with_a_canonical_address_and_a_pbkdf2_hash()
    {
        var result = await _admin.AddAsync("Alice@Example.TEST", "s3cret", CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(UsersPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(UserAdministrationResult.Success));
            Assert.That(lines, Has.Length.EqualTo(1));
            Assert.That(lines[0], Does.StartWith("alice@example.test:{PBKDF2-SHA256}1000$"));
            Assert.That(_hasher.Verify(lines[0]["alice@example.test:".Length..], "s3cret"), Is.True);
            Assert.That(await _admin.ListAsync(CancellationToken.None), Is.EqualTo(new[] { "alice@example.test" }));
            Assert.That(_users.Current.Contains(new MailUser("alice", "example.test")), Is.True, "visible at once");
        }
    }

    [Test]
    public async Task Add_accepts_internationalised_addresses()
    {
        var result = await _admin.AddAsync("Zoë@xn--exmple-cua.test", "pw", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Succeeded, Is.True, result.Error);
            Assert.That(await _admin.ListAsync(CancellationToken.None), Is.EqualTo(new[] { "zoë@exämple.test" }));
        }
    }

    [Test]
    public async Task New_file_is_readable_by_the_owner_only()
    {
        await _admin.AddAsync("alice@example.test", "pw", CancellationToken.None);

        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only.");
        }
        else
        {
            Assert.That(File.GetUnixFileMode(UsersPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [TestCase("alice@other.test", "pw", "unknown domain: other.test (not in Domains)")]
    [TestCase("alice", "pw", "malformed address: missing @")]
    [TestCase("a b@example.test", "pw", "malformed address: malformed local part")]
    [TestCase("alice@example.test", "", "empty password")]
    [TestCase("alice@example.test", "two\nlines", "password contains a line break or NUL")]
    public async Task Add_errors(string address, string password, string error)
    {
        var result = await _admin.AddAsync(address, password, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(UserAdministrationResult.Failure(error)));
            Assert.That(File.Exists(UsersPath), Is.False);
        }
    }

    [Test]
    public async Task Add_of_an_existing_user_in_another_spelling_fails()
    {
        await _admin.AddAsync("alice@example.test", "pw", CancellationToken.None);

        var result = await _admin.AddAsync("ALICE@Example.Test", "pw2", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(UserAdministrationResult.Failure("user already exists: alice@example.test")));
            Assert.That(await File.ReadAllLinesAsync(UsersPath), Has.Length.EqualTo(1));
        }
    }

    [Test]
    public async Task Passwd_replaces_only_the_hash_and_keeps_everything_else_byte_for_byte()
    {
        string[] original =
        [
            "# managed by hand and by mailhost",
            "",
            "this line is not a user",
            "Bob@Example.test:{PLAIN}old:1000:1000::/home/bob::userdb_quota_rule=*:storage=1G",
            "carol@example.test:{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
        ];
        await File.WriteAllLinesAsync(UsersPath, original);

        var result = await _admin.SetPasswordAsync("bob@example.test", "new password", CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(UsersPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Succeeded, Is.True, result.Error);
            Assert.That(lines, Has.Length.EqualTo(original.Length));
            Assert.That(lines[..3], Is.EqualTo(original[..3]));
            Assert.That(lines[3], Does.Match(@"^Bob@Example\.test:\{PBKDF2-SHA256\}1000\$[^:]+:1000:1000::/home/bob::userdb_quota_rule=\*:storage=1G$"));
            Assert.That(_hasher.Verify(lines[3].Split(':')[1], "new password"), Is.True);
            Assert.That(lines[4], Is.EqualTo(original[4]));
        }
    }

    [Test]
    public async Task Remove_drops_every_line_of_the_user_and_nothing_else()
    {
        string[] original = ["# comment", "alice@example.test:{PLAIN}a", "bob@example.test:{PLAIN}b:extra", "ALICE@example.test:{PLAIN}shadow"];
        await File.WriteAllLinesAsync(UsersPath, original);

        var result = await _admin.RemoveAsync("Alice@Example.Test", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Succeeded, Is.True, result.Error);
            Assert.That(await File.ReadAllLinesAsync(UsersPath), Is.EqualTo(new[] { "# comment", "bob@example.test:{PLAIN}b:extra" }));
            Assert.That(await _admin.ListAsync(CancellationToken.None), Is.EqualTo(new[] { "bob@example.test" }));
        }
    }

    [Test]
    public async Task Passwd_and_remove_of_a_missing_user_fail_without_touching_the_file()
    {
        await File.WriteAllLinesAsync(UsersPath, ["alice@example.test:{PLAIN}a"]);
        var before = File.GetLastWriteTimeUtc(UsersPath);

        var passwd = await _admin.SetPasswordAsync("bob@example.test", "pw", CancellationToken.None);
        var remove = await _admin.RemoveAsync("bob@example.test", CancellationToken.None);
        var malformedRemove = await _admin.RemoveAsync("bob", CancellationToken.None);
        var emptyPasswd = await _admin.SetPasswordAsync("alice@example.test", "", CancellationToken.None);
        var foreignPasswd = await _admin.SetPasswordAsync("alice@other.test", "pw", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(passwd, Is.EqualTo(UserAdministrationResult.Failure("no such user: bob@example.test")));
            Assert.That(remove, Is.EqualTo(UserAdministrationResult.Failure("no such user: bob@example.test")));
            Assert.That(malformedRemove, Is.EqualTo(UserAdministrationResult.Failure("malformed address: missing @")));
            Assert.That(emptyPasswd, Is.EqualTo(UserAdministrationResult.Failure("empty password")));
            Assert.That(foreignPasswd, Is.EqualTo(UserAdministrationResult.Failure("unknown domain: other.test (not in Domains)")));
            Assert.That(await File.ReadAllLinesAsync(UsersPath), Is.EqualTo(new[] { "alice@example.test:{PLAIN}a" }));
            Assert.That(File.GetLastWriteTimeUtc(UsersPath), Is.EqualTo(before));
        }
    }

    [Test]
    public async Task Round_trip_leaves_no_temporary_files()
    {
        await _admin.AddAsync("alice@example.test", "a", CancellationToken.None);
        await _admin.AddAsync("bob@example.test", "b", CancellationToken.None);
        await _admin.SetPasswordAsync("alice@example.test", "a2", CancellationToken.None);
        await _admin.RemoveAsync("bob@example.test", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Directory.GetFiles(_directory.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "users" }));
            Assert.That(await _admin.ListAsync(CancellationToken.None), Is.EqualTo(new[] { "alice@example.test" }));
            Assert.That(_users.Current.TryGet(new MailUser("alice", "example.test"), out var alice), Is.True);
            Assert.That(_hasher.Verify(alice!.Password, "a2"), Is.True);
        }
    }

    [Test]
    public async Task Concurrent_adds_all_land()
    {
        var adds = Enumerable.Range(0, 8).Select(i => _admin.AddAsync($"user{i}@example.test", "pw", CancellationToken.None).AsTask());

        var results = await Task.WhenAll(adds);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => r.Succeeded), Is.All.True);
            Assert.That(await _admin.ListAsync(CancellationToken.None), Has.Count.EqualTo(8));
        }
    }
}
