using MailHost.Accounts.Authentication;
using MailHost.Accounts.Hashing;

namespace MailHost.Accounts.Tests.Authentication;

public sealed class AuthenticatorTests
{
    [Test]
    public async Task Any_spelling_of_the_address_logs_in_as_the_canonical_user()
    {
        using var fixture = new AuthenticationFixture();

        var result = await fixture.LoginAsync("ALICE@Example.TEST", AuthenticationFixture.AlicePassword);

        Assert.That(result, Is.EqualTo(new AuthenticationResult(AuthenticationStatus.Succeeded, new MailUser("alice", "example.test"))));
    }

    [Test]
    public async Task Plain_scheme_user_logs_in()
    {
        using var fixture = new AuthenticationFixture();

        var result = await fixture.LoginAsync("bob@example.test", AuthenticationFixture.BobPassword);

        Assert.That(result.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
    }

    [TestCase("alice@example.test", "wrong")]
    [TestCase("alice@example.test", "")]
    [TestCase("nobody@example.test", "alice-pw")]
    [TestCase("not an address", "alice-pw")]
    [TestCase("bob@example.test", "wrong")]
    [TestCase("legacy@example.test", "0123456789abcdef")]
    public async Task Failures_all_look_alike_and_all_cost_one_run_of_the_configured_hash(string user, string password)
    {
        RecordingHasher? recorder = null;
        using var fixture = new AuthenticationFixture(
            o => o.Pbkdf2Iterations = 12_345,
            inner => recorder = new RecordingHasher(inner));

        var result = await fixture.LoginAsync(user, password);

        // bob's {PLAIN} and legacy's unsupported {MD5} fail in microseconds on their own; the pad makes them cost what an
        // unknown user costs, so a failure's timing does not tell whether the user exists.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(new AuthenticationResult(AuthenticationStatus.Failed, null)));
            Assert.That(recorder!.Verified.Count(stored => stored.StartsWith("{PBKDF2-SHA256}12345$", StringComparison.Ordinal)), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_success_against_an_imported_hash_is_not_padded()
    {
        RecordingHasher? recorder = null;
        using var fixture = new AuthenticationFixture(configure: null, inner => recorder = new RecordingHasher(inner));

        var result = await fixture.LoginAsync("bob@example.test", AuthenticationFixture.BobPassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
            Assert.That(recorder!.Verified, Is.EqualTo(new[] { "{PLAIN}" + AuthenticationFixture.BobPassword }));
        }
    }

    [Test]
    public async Task A_failure_against_an_older_cheaper_hash_of_our_own_scheme_is_padded()
    {
        RecordingHasher? recorder = null;
        using var fixture = new AuthenticationFixture(
            o => o.Pbkdf2Iterations = 2_000,
            inner => recorder = new RecordingHasher(inner));
        var older = Pbkdf2Password.Hash("old-pw", 1_000);
        fixture.WriteUsers("old@example.test:" + older);
        fixture.Users.Invalidate();

        var result = await fixture.LoginAsync("old@example.test", "wrong");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(AuthenticationStatus.Failed));
            Assert.That(recorder!.Verified.First(), Is.EqualTo(older));
            Assert.That(recorder.Verified.Skip(1).Single(), Does.StartWith("{PBKDF2-SHA256}2000$"));
        }
    }

    [Test]
    public async Task An_unknown_user_is_verified_against_a_hash_of_the_same_scheme_and_cost_as_a_real_one()
    {
        RecordingHasher? recorder = null;
        using var fixture = new AuthenticationFixture(
            o => o.Pbkdf2Iterations = 12_345,
            inner => recorder = new RecordingHasher(inner));

        await fixture.LoginAsync("alice@example.test", "wrong");
        await fixture.LoginAsync("nobody@example.test", "wrong");

        // The timing of a failure must not tell whether the user exists: both cost one PBKDF2 run of the same length.
        var verified = recorder!.Verified.ToArray();
        Assert.That(verified, Has.Length.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified, Has.All.StartWith("{PBKDF2-SHA256}12345$"));
            Assert.That(verified[1], Is.Not.EqualTo(verified[0]), "the unknown user met the dummy hash, not alice's");
        }
    }

    [Test]
    public async Task Second_login_comes_from_the_cache_without_hashing()
    {
        using var fixture = new AuthenticationFixture();
        using var metrics = new MetricsRecorder(fixture.MeterFactory);

        var first = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);
        var second = await fixture.LoginAsync("Alice@Example.Test", AuthenticationFixture.AlicePassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
            Assert.That(second, Is.EqualTo(first));
            Assert.That(fixture.Hasher.Verifications, Is.EqualTo(1));
            Assert.That(metrics.Get("mailhost.accounts.auth.cache_hits"), Is.EqualTo(1));
            Assert.That(metrics.Get("mailhost.accounts.auth.verifications"), Is.EqualTo(1));
            Assert.That(metrics.Get("mailhost.accounts.auth.attempts|result=succeeded"), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Wrong_password_after_a_cached_success_is_hashed_and_fails()
    {
        using var fixture = new AuthenticationFixture();
        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        var result = await fixture.LoginAsync("alice@example.test", "guess");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(AuthenticationStatus.Failed));
            Assert.That(fixture.Hasher.Verifications, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Cache_entries_expire_after_auth_cache_seconds()
    {
        using var fixture = new AuthenticationFixture(o => o.AuthCacheSeconds = 60);
        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        fixture.Time.Advance(TimeSpan.FromSeconds(59));
        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);
        var beforeExpiry = fixture.Hasher.Verifications;
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        var result = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeExpiry, Is.EqualTo(1));
            Assert.That(result.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
            Assert.That(fixture.Hasher.Verifications, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Cache_off_hashes_every_time()
    {
        using var fixture = new AuthenticationFixture(o => o.AuthCacheSeconds = 0);

        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);
        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        Assert.That(fixture.Hasher.Verifications, Is.EqualTo(2));
    }

    [Test]
    public async Task Any_change_to_the_users_file_drops_the_cache()
    {
        using var fixture = new AuthenticationFixture();
        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        // No Invalidate(): the file check on every attempt must notice the change by itself.
        File.AppendAllText(fixture.UsersPath, "# touched\n");
        var result = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
            Assert.That(fixture.Hasher.Verifications, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Changed_password_invalidates_the_cached_one()
    {
        using var fixture = new AuthenticationFixture();
        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        fixture.WriteUsers("alice@example.test:" + fixture.RealHasher.Hash("new-pw"));
        fixture.Users.Invalidate();
        var old = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);
        var fresh = await fixture.LoginAsync("alice@example.test", "new-pw");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(old.Status, Is.EqualTo(AuthenticationStatus.Failed));
            Assert.That(fresh.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
        }
    }

    [Test]
    public async Task Removed_user_cannot_log_in_with_a_cached_password()
    {
        using var fixture = new AuthenticationFixture();
        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        fixture.WriteUsers("bob@example.test:{PLAIN}" + AuthenticationFixture.BobPassword);
        fixture.Users.Invalidate();
        var result = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        Assert.That(result.Status, Is.EqualTo(AuthenticationStatus.Failed));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Full_semaphore_fails_fast_with_unavailable_while_cached_logins_still_pass(CancellationToken cancellationToken)
    {
        GateHasher? gate = null;
        using var fixture = new AuthenticationFixture(o => o.MaxConcurrentVerifications = 1, inner => gate = new GateHasher(inner));
        using var ownedGate = gate!;
        using var metrics = new MetricsRecorder(fixture.MeterFactory);
        await fixture.LoginAsync("bob@example.test", AuthenticationFixture.BobPassword);

        ownedGate.Close();
        var held = fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword).AsTask();
        await ownedGate.Entered.WaitAsync(cancellationToken);
        var refused = fixture.LoginAsync("nobody@example.test", "x");
        var refusedAtOnce = refused.IsCompleted;
        var refusedResult = await refused;
        var cached = await fixture.LoginAsync("bob@example.test", AuthenticationFixture.BobPassword);
        ownedGate.Open();
        var heldResult = await held.WaitAsync(cancellationToken);
        var afterwards = await fixture.LoginAsync("nobody@example.test", "x");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusedAtOnce, Is.True, "no waiting for a slot");
            Assert.That(refusedResult.Status, Is.EqualTo(AuthenticationStatus.Unavailable));
            Assert.That(cached.Status, Is.EqualTo(AuthenticationStatus.Succeeded), "a cached login needs no slot");
            Assert.That(heldResult.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
            Assert.That(afterwards.Status, Is.EqualTo(AuthenticationStatus.Failed), "the slot is free again");
            Assert.That(metrics.Get("mailhost.accounts.auth.attempts|result=unavailable"), Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Identical_attempts_during_a_verification_share_it_instead_of_being_refused(CancellationToken cancellationToken)
    {
        GateHasher? gate = null;
        using var fixture = new AuthenticationFixture(o => o.MaxConcurrentVerifications = 1, inner => gate = new GateHasher(inner));
        using var ownedGate = gate!;
        using var metrics = new MetricsRecorder(fixture.MeterFactory);

        ownedGate.Close();
        var first = fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword).AsTask();
        await ownedGate.Entered.WaitAsync(cancellationToken);
        var second = fixture.LoginAsync("Alice@Example.TEST", AuthenticationFixture.AlicePassword).AsTask();
        var wrongPassword = fixture.LoginAsync("alice@example.test", "not her password");
        var wrongRefusedAtOnce = wrongPassword.IsCompleted;
        var wrongResult = await wrongPassword;
        ownedGate.Open();
        var results = await Task.WhenAll(first, second).WaitAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => r.Status), Is.All.EqualTo(AuthenticationStatus.Succeeded));
            Assert.That(metrics.Get("mailhost.accounts.auth.verifications"), Is.EqualTo(1), "one hash computation for both");
            Assert.That(wrongRefusedAtOnce, Is.True, "a different password is a different verification and needs its own slot");
            Assert.That(wrongResult.Status, Is.EqualTo(AuthenticationStatus.Unavailable));
        }
    }
}
