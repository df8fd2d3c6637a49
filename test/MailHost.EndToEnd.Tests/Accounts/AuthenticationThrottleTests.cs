using System.Diagnostics;
using System.Net;
using System.Text;
using MailHost.EndToEnd.Tests.Support;

namespace MailHost.EndToEnd.Tests.Accounts;

/// <summary>
/// Authentication throttling against the real daemon (<c>Accounts:Throttle:*</c>): each failure is answered later than
/// the one before, at <c>MaxFailures</c> per address or per user further attempts are refused (IMAP
/// <c>NO [UNAVAILABLE]</c>, SMTP <c>421 4.7.0</c> and close) even with the right password, and other addresses and
/// other users are unaffected. Each test uses its own loopback addresses and users, so they share one daemon.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class AuthenticationThrottleTests
{
    private const int MaxFailures = 3;
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(100);

    private DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions();
        options.Endpoints.Clear();
        options.Endpoints.Add("imap");
        options.Endpoints.Add("submission");
        options.Configuration["Accounts:Pbkdf2Iterations"] = "10000";
        options.Configuration["Accounts:Throttle:MaxFailures"] = MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Configuration["Accounts:Throttle:WindowSeconds"] = "600";
        options.Configuration["Accounts:Throttle:BaseDelayMilliseconds"] = "100";
        options.Configuration["Accounts:Throttle:MaxDelayMilliseconds"] = "1000";

        // Everything the daemon can log, so that "no secrets in logs" covers the debug lines too.
        options.Configuration["Logging:LogLevel:Default"] = "Debug";
        foreach (var user in new[] { "alice", "bob", "carol", "dave", "erin", "frank" })
        {
            options.Users[user + "@example.test"] = user + "-secret";
        }

        _daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [Test]
    public async Task Imap_failures_from_one_address_slow_down_then_lock_that_address_only(CancellationToken cancellationToken)
    {
        var attacker = IPAddress.Parse("127.0.0.3");
        await using var imap = await OpenImapAsync(attacker, cancellationToken);
        var answers = new List<(string? Line, TimeSpan Elapsed)>();
        for (var i = 0; i < MaxFailures; i++)
        {
            answers.Add(await TimedAsync(() => ImapLoginAsync(imap, $"ghost{i}@example.test", "guess", cancellationToken)));
        }

        var locked = await ImapLoginAsync(imap, "alice@example.test", "alice-secret", cancellationToken);
        await using var neighbour = await OpenImapAsync(IPAddress.Parse("127.0.0.4"), cancellationToken);
        var other = await ImapLoginAsync(neighbour, "alice@example.test", "alice-secret", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            AssertFailuresSlowDown(answers, "a NO [AUTHENTICATIONFAILED] Authentication failed");
            Assert.That(locked, Is.EqualTo("a NO [UNAVAILABLE] Authentication temporarily unavailable, try again later"), "the address is locked, even for a right password");
            Assert.That(other, Does.StartWith("a OK [CAPABILITY "), "another address logs in");
        }
    }

    [Test]
    public async Task Imap_failures_for_one_user_from_many_addresses_lock_that_user_only(CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxFailures; i++)
        {
            await using var attempt = await OpenImapAsync(IPAddress.Parse($"127.0.1.{i + 1}"), cancellationToken);
            Assert.That(await ImapLoginAsync(attempt, "bob@example.test", "guess", cancellationToken), Does.StartWith("a NO [AUTHENTICATIONFAILED]"));
        }

        await using var fresh = await OpenImapAsync(IPAddress.Parse("127.0.1.100"), cancellationToken);
        var locked = await ImapLoginAsync(fresh, "bob@example.test", "bob-secret", cancellationToken);
        var other = await ImapLoginAsync(fresh, "carol@example.test", "carol-secret", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(locked, Is.EqualTo("a NO [UNAVAILABLE] Authentication temporarily unavailable, try again later"), "the user is locked from a fresh address too");
            Assert.That(other, Does.StartWith("a OK [CAPABILITY "), "another user logs in from the same address");
        }
    }

    [Test]
    public async Task Smtp_failures_from_one_address_slow_down_then_421_and_close(CancellationToken cancellationToken)
    {
        var attacker = IPAddress.Parse("127.0.0.9");
        var answers = new List<(string? Line, TimeSpan Elapsed)>();
        await using (var smtp = await OpenSubmissionAsync(attacker, cancellationToken))
        {
            for (var i = 0; i < MaxFailures; i++)
            {
                answers.Add(await TimedAsync(() => SmtpAuthAsync(smtp, $"ghost{i}@example.test", "guess", cancellationToken)));
            }
        }

        string? locked;
        bool closed;
        await using (var smtp = await OpenSubmissionAsync(attacker, cancellationToken))
        {
            locked = await SmtpAuthAsync(smtp, "dave@example.test", "dave-secret", cancellationToken);
            closed = await smtp.WaitForCloseAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }

        await using var neighbour = await OpenSubmissionAsync(IPAddress.Parse("127.0.0.10"), cancellationToken);
        var other = await SmtpAuthAsync(neighbour, "dave@example.test", "dave-secret", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            AssertFailuresSlowDown(answers, "535 5.7.8 Authentication credentials invalid");
            Assert.That(locked, Is.EqualTo("421 4.7.0 mail.example.test Too many failed authentications, closing connection"));
            Assert.That(closed, Is.True, "the throttled session is closed");
            Assert.That(other, Is.EqualTo("235 2.7.0 Authentication successful"), "another address logs in");
        }
    }

    [Test]
    public async Task Smtp_failures_for_one_user_from_many_addresses_lock_that_user_only(CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxFailures; i++)
        {
            await using var attempt = await OpenSubmissionAsync(IPAddress.Parse($"127.0.2.{i + 1}"), cancellationToken);
            Assert.That(await SmtpAuthAsync(attempt, "erin@example.test", "guess", cancellationToken), Does.StartWith("535 "));
        }

        string? locked;
        await using (var fresh = await OpenSubmissionAsync(IPAddress.Parse("127.0.2.100"), cancellationToken))
        {
            locked = await SmtpAuthAsync(fresh, "erin@example.test", "erin-secret", cancellationToken);
        }

        await using var again = await OpenSubmissionAsync(IPAddress.Parse("127.0.2.100"), cancellationToken);
        var other = await SmtpAuthAsync(again, "frank@example.test", "frank-secret", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(locked, Does.StartWith("421 4.7.0 "), "the user is locked from a fresh address too");
            Assert.That(other, Is.EqualTo("235 2.7.0 Authentication successful"), "another user logs in from the same address");
        }
    }

    [Test]
    public async Task No_password_or_sasl_response_reaches_the_log(CancellationToken cancellationToken)
    {
        const string wrong = "Wr0ng-Passw0rd-42";
        await using (var imap = await OpenImapAsync(IPAddress.Parse("127.0.3.1"), cancellationToken))
        {
            Assert.That(await ImapLoginAsync(imap, "alice@example.test", wrong, cancellationToken), Does.StartWith("a NO "));
            Assert.That(await ImapLoginAsync(imap, "alice@example.test", "alice-secret", cancellationToken), Does.StartWith("a OK "));
        }

        await using (var smtp = await OpenSubmissionAsync(IPAddress.Parse("127.0.3.2"), cancellationToken))
        {
            Assert.That(await SmtpAuthAsync(smtp, "frank@example.test", wrong, cancellationToken), Does.StartWith("535 "));
            Assert.That(await SmtpAuthAsync(smtp, "frank@example.test", "frank-secret", cancellationToken), Does.StartWith("235 "));
        }

        var secrets = new[]
        {
            wrong, "alice-secret", "frank-secret",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("\0frank@example.test\0" + wrong)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes("\0frank@example.test\0frank-secret")),
        };
        var log = _daemon.Output;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(log, Does.Contain("dbug: "), "the daemon logs at Debug in this fixture");
            foreach (var secret in secrets)
            {
                Assert.That(log, Does.Not.Contain(secret));
            }
        }
    }

    /// <summary>Every failure gets the failure answer, each held back at least the doubled delay (a lower bound: delays never end early).</summary>
    private static void AssertFailuresSlowDown(List<(string? Line, TimeSpan Elapsed)> answers, string failure)
    {
        for (var i = 0; i < answers.Count; i++)
        {
            Assert.That(answers[i].Line, Is.EqualTo(failure), $"attempt {i + 1}");
            Assert.That(answers[i].Elapsed, Is.GreaterThanOrEqualTo(BaseDelay * Math.Pow(2, i)), $"attempt {i + 1} is held back longer than the one before");
        }
    }

    private static async Task<(string? Line, TimeSpan Elapsed)> TimedAsync(Func<Task<string?>> attempt)
    {
        var clock = Stopwatch.StartNew();
        var line = await attempt();
        return (line, clock.Elapsed);
    }

    private async Task<LineConnection> OpenImapAsync(IPAddress from, CancellationToken cancellationToken)
    {
        var imap = await LineConnection.OpenAsync(_daemon, "imap", from, cancellationToken);
        Assert.That(await imap.ReadLineAsync(cancellationToken), Does.StartWith("* OK"));
        return imap;
    }

    private static async Task<string?> ImapLoginAsync(LineConnection imap, string user, string password, CancellationToken cancellationToken)
    {
        await imap.WriteLineAsync($"a LOGIN \"{user}\" \"{password}\"", cancellationToken);
        var lines = await imap.ReadUntilAsync("a ", cancellationToken);
        return lines.Count > 0 ? lines[^1] : null;
    }

    private async Task<LineConnection> OpenSubmissionAsync(IPAddress from, CancellationToken cancellationToken)
    {
        var smtp = await LineConnection.OpenAsync(_daemon, "submission", from, cancellationToken);
        Assert.That(await smtp.ReadLineAsync(cancellationToken), Does.StartWith("220 "));
        await smtp.WriteLineAsync("EHLO throttle.example.test", cancellationToken);
        await smtp.ReadUntilAsync("250 ", cancellationToken);
        return smtp;
    }

    private static async Task<string?> SmtpAuthAsync(LineConnection smtp, string user, string password, CancellationToken cancellationToken)
    {
        var response = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + user + "\0" + password));
        await smtp.WriteLineAsync("AUTH PLAIN " + response, cancellationToken);
        return await smtp.ReadLineAsync(cancellationToken);
    }
}
