using System.Net;
using MailHost.Accounts.Authentication;

namespace MailHost.Accounts.Tests.Authentication;

public sealed class ThrottleTests
{
    private static void Limits(AccountsOptions options)
    {
        options.Throttle.MaxFailures = 3;
        options.Throttle.WindowSeconds = 60;
    }

    [Test]
    public async Task Failures_from_one_address_lock_that_address_but_not_other_clients()
    {
        using var fixture = new AuthenticationFixture(Limits);
        for (var i = 0; i < 3; i++)
        {
            await fixture.LoginAsync($"guess{i}@example.test", "x", "203.0.113.7");
        }

        var verificationsBefore = fixture.Hasher.Verifications;
        var attacker = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword, "203.0.113.7");
        var otherClient = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword, "198.51.100.1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(attacker.Status, Is.EqualTo(AuthenticationStatus.Unavailable));
            Assert.That(otherClient.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
            Assert.That(fixture.Hasher.Verifications, Is.EqualTo(verificationsBefore + 1), "a refused attempt costs no hashing");
        }
    }

    [Test]
    public async Task Failures_for_one_user_from_many_addresses_lock_that_user_only()
    {
        using var fixture = new AuthenticationFixture(Limits);
        for (var i = 0; i < 3; i++)
        {
            await fixture.LoginAsync("alice@example.test", "guess", $"203.0.113.{i + 1}");
        }

        var alice = await fixture.LoginAsync("ALICE@example.test", AuthenticationFixture.AlicePassword, "198.51.100.1");
        var bob = await fixture.LoginAsync("bob@example.test", AuthenticationFixture.BobPassword, "198.51.100.1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(alice.Status, Is.EqualTo(AuthenticationStatus.Unavailable));
            Assert.That(bob.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
        }
    }

    [Test]
    public async Task Lock_ends_with_the_window()
    {
        using var fixture = new AuthenticationFixture(Limits);
        for (var i = 0; i < 3; i++)
        {
            await fixture.LoginAsync("alice@example.test", "guess");
        }

        var locked = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);
        fixture.Time.Advance(TimeSpan.FromSeconds(60));
        var unlocked = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(locked.Status, Is.EqualTo(AuthenticationStatus.Unavailable));
            Assert.That(unlocked.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
        }
    }

    [Test]
    public async Task Success_clears_the_users_count_but_not_the_addresses()
    {
        using var fixture = new AuthenticationFixture(Limits);
        await fixture.LoginAsync("alice@example.test", "guess", "203.0.113.1");
        await fixture.LoginAsync("alice@example.test", "guess", "203.0.113.2");
        await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword, "203.0.113.3");
        await fixture.LoginAsync("alice@example.test", "guess", "203.0.113.4");
        await fixture.LoginAsync("alice@example.test", "guess", "203.0.113.5");

        var alice = await fixture.LoginAsync("alice@example.test", AuthenticationFixture.AlicePassword, "198.51.100.1");

        Assert.That(alice.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
    }

    [Test]
    public async Task Ipv6_clients_are_counted_per_64_bit_prefix()
    {
        using var fixture = new AuthenticationFixture(Limits);
        for (var i = 1; i <= 3; i++)
        {
            await fixture.LoginAsync($"guess{i}@example.test", "x", $"2001:db8:0:1::{i}");
        }

        var samePrefix = await fixture.LoginAsync("bob@example.test", AuthenticationFixture.BobPassword, "2001:db8:0:1:ffff::9");
        var otherPrefix = await fixture.LoginAsync("bob@example.test", AuthenticationFixture.BobPassword, "2001:db8:0:2::1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(samePrefix.Status, Is.EqualTo(AuthenticationStatus.Unavailable));
            Assert.That(otherPrefix.Status, Is.EqualTo(AuthenticationStatus.Succeeded));
        }
    }

    [Test]
    public void Ipv4_mapped_addresses_count_as_ipv4()
    {
        Assert.That(
            AuthenticationThrottle.AddressKey(IPAddress.Parse("::ffff:192.0.2.1")),
            Is.EqualTo(AuthenticationThrottle.AddressKey(IPAddress.Parse("192.0.2.1"))));
    }

    [Test]
    public void Delay_doubles_per_failure_up_to_the_cap()
    {
        var options = TestOptions.Accounts(o =>
        {
            o.Throttle.MaxFailures = 10;
            o.Throttle.BaseDelayMilliseconds = 100;
            o.Throttle.MaxDelayMilliseconds = 350;
        });
        var throttle = new AuthenticationThrottle(TestOptions.Wrap(options), new ObservedTimeProvider());

        var delays = Enumerable.Range(0, 4).Select(_ => throttle.RecordFailure("a:192.0.2.1", "u:alice@example.test").TotalMilliseconds).ToArray();

        Assert.That(delays, Is.EqualTo(new[] { 100.0, 200.0, 350.0, 350.0 }));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Failed_answer_is_held_back_by_the_delay_on_the_fake_clock(CancellationToken cancellationToken)
    {
        using var fixture = new AuthenticationFixture(o =>
        {
            o.Throttle.BaseDelayMilliseconds = 1000;
            o.Throttle.MaxDelayMilliseconds = 8000;
        });

        var (firstEarly, firstResult) = await FailAsync(fixture, TimeSpan.FromMilliseconds(1000), cancellationToken);
        var (secondEarly, secondResult) = await FailAsync(fixture, TimeSpan.FromMilliseconds(2000), cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstEarly, Is.False, "first failure answered before 1 s");
            Assert.That(firstResult.Status, Is.EqualTo(AuthenticationStatus.Failed));
            Assert.That(secondEarly, Is.False, "second failure answered before 2 s");
            Assert.That(secondResult.Status, Is.EqualTo(AuthenticationStatus.Failed));
        }
    }

    /// <summary>Starts a failing login, waits until its delay timer exists, advances the fake clock to just before the
    /// expected delay (reporting whether the answer came early), then to the delay, and returns the answer.</summary>
    private static async Task<(bool AnsweredEarly, AuthenticationResult Result)> FailAsync(
        AuthenticationFixture fixture, TimeSpan expectedDelay, CancellationToken cancellationToken)
    {
        var timers = fixture.Time.TimersCreated;
        var login = fixture.LoginAsync("alice@example.test", "guess").AsTask();
        while (fixture.Time.TimersCreated == timers)
        {
            await Task.Delay(5, cancellationToken);
        }

        fixture.Time.Advance(expectedDelay - TimeSpan.FromMilliseconds(1));
        await Task.WhenAny(login, Task.Delay(100, cancellationToken));
        var early = login.IsCompleted;
        fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        return (early, await login.WaitAsync(cancellationToken));
    }
}
