using System.Collections.Concurrent;
using System.Net;
using MailHost.Accounts.Hashing;
using MailHost.Accounts.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Authentication;

/// <summary>
/// Throttle check → cache → one bounded, fail-fast hash verification (against a dummy hash for unknown users, so failures
/// cost the same whether or not the user exists) → delayed failure answer. Identical attempts that arrive while one is being
/// verified share its result: a client opening several connections at once (Thunderbird, iOS Mail) would otherwise fill
/// the fail-fast semaphore with the same hash computation and see some of them refused.
/// </summary>
internal sealed class Authenticator : IAuthenticator, IDisposable
{
    private readonly IAddressCanonicalizer _canonicalizer;
    private readonly UsersFile _users;
    private readonly IPasswordHasher _hasher;
    private readonly AuthenticationCache _cache;
    private readonly AuthenticationThrottle _throttle;
    private readonly AccountsMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _verifications;
    private readonly string _dummyHash;
    private readonly ConcurrentDictionary<string, Task<bool>> _inFlight = new(StringComparer.Ordinal);

    public Authenticator(
        IOptions<AccountsOptions> options, IAddressCanonicalizer canonicalizer, UsersFile users, IPasswordHasher hasher, AuthenticationCache cache,
        AuthenticationThrottle throttle, AccountsMetrics metrics, TimeProvider timeProvider, ILogger<Authenticator> logger)
    {
        _canonicalizer = canonicalizer;
        _users = users;
        _hasher = hasher;
        _cache = cache;
        _throttle = throttle;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _verifications = new SemaphoreSlim(options.Value.MaxConcurrentVerifications, options.Value.MaxConcurrentVerifications);

        // Made up front: computed lazily, the first unknown-user attempt would cost twice as much and stand out.
        _dummyHash = hasher.Hash(Guid.NewGuid().ToString("N"));
    }

    public async ValueTask<AuthenticationResult> AuthenticateAsync(
        string userName, string password, IPAddress? remoteAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        _canonicalizer.TryCanonicalize(userName, out var user, out _);
        var logName = user?.Address ?? "(malformed user name)";
        var remote = remoteAddress?.ToString() ?? "(local)";
        var userKey = AuthenticationThrottle.UserKey(user?.Address ?? userName.ToLowerInvariant());
        var addressKey = AuthenticationThrottle.AddressKey(remoteAddress);
        if (_throttle.IsBlocked(addressKey, userKey))
        {
            _logger.Throttled(logName, remote);
            return Finish(AuthenticationStatus.Unavailable, null, logName, remote) with { Throttled = true };
        }

        var (snapshot, generation) = _users.Snapshot;
        UserRecord? record = null;
        if (user is not null && snapshot.TryGet(user, out record) && _cache.TryHit(user, password, generation))
        {
            _metrics.CacheHit();
            return Finish(AuthenticationStatus.Succeeded, record.User, logName, remote);
        }

        bool verified;
        if (record is not null)
        {
            // Keyed by the MAC, never the password; the generation keeps a reloaded users file from answering with stale results.
            var flightKey = record.User.Address + "\n" + generation + "\n" + Convert.ToHexString(_cache.Mac(password));
            if (_inFlight.TryGetValue(flightKey, out var running))
            {
                verified = await running.WaitAsync(cancellationToken);
            }
            else if (TryVerifyShared(flightKey, record.Password, password, out var verification))
            {
                verified = await verification.WaitAsync(cancellationToken);
            }
            else
            {
                return Finish(AuthenticationStatus.Unavailable, null, logName, remote);
            }
        }
        else if (!TryVerifyAlone(_dummyHash, password, out var dummyVerification))
        {
            return Finish(AuthenticationStatus.Unavailable, null, logName, remote);
        }
        else
        {
            verified = await dummyVerification.WaitAsync(cancellationToken);
        }

        if (record is not null && verified && password.Length > 0)
        {
            _cache.Add(record.User, password, generation);
            _throttle.RecordSuccess(userKey);
            return Finish(AuthenticationStatus.Succeeded, record.User, logName, remote);
        }

        var delay = _throttle.RecordFailure(addressKey, userKey);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }

        return Finish(AuthenticationStatus.Failed, null, logName, remote);
    }

    public void Dispose() => _verifications.Dispose();

    /// <summary>
    /// Starts (or joins) the one verification of this user and password. A zero timeout only tries to enter the semaphore:
    /// a full one means hashing is saturated, and queueing would let a flood of attempts hold connections and memory, so the
    /// client is told to come back later.
    /// </summary>
    private bool TryVerifyShared(string flightKey, string stored, string password, out Task<bool> verification)
    {
        if (!_verifications.Wait(0, CancellationToken.None))
        {
            verification = Task.FromResult(false);
            return false;
        }

        var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var winner = _inFlight.GetOrAdd(flightKey, completion.Task);
        if (winner != completion.Task)
        {
            _verifications.Release();
            verification = winner;
            return true;
        }

        verification = completion.Task;
        _ = Task.Run(() =>
        {
            try
            {
                completion.SetResult(Verify(stored, password));
            }
            catch (Exception exception)
            {
                completion.SetException(exception);
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<string, Task<bool>>(flightKey, completion.Task));
                _verifications.Release();
            }
        }, CancellationToken.None);
        return true;
    }

    private bool TryVerifyAlone(string stored, string password, out Task<bool> verification)
    {
        if (!_verifications.Wait(0, CancellationToken.None))
        {
            verification = Task.FromResult(false);
            return false;
        }

        verification = Task.Run(() =>
        {
            try
            {
                return Verify(stored, password);
            }
            finally
            {
                _verifications.Release();
            }
        }, CancellationToken.None);
        return true;
    }

    private bool Verify(string stored, string password)
    {
        _metrics.Verification();
        if (_hasher.Verify(stored, password))
        {
            return true;
        }

        // An imported {PLAIN}, SHA512-CRYPT or unsupported hash fails in microseconds, an unknown user only after a full run
        // of the dummy hash: without this pad, a fast failure would say "this user exists". Successes are not padded: whoever
        // knows the password already knows the user.
        if (!_hasher.CostsAsMuchAsNewHashes(stored))
        {
            _hasher.Verify(_dummyHash, password);
        }

        return false;
    }

    private AuthenticationResult Finish(AuthenticationStatus status, MailUser? user, string logName, string remote)
    {
        _metrics.Attempt(status);
        _logger.AuthenticationResult(logName, remote, status);
        return new AuthenticationResult(status, user);
    }
}
