using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Authentication;

/// <summary>
/// Failed logins counted per remote address and per user in a fixed window: every failure is answered after a delay that
/// doubles, and at <c>Accounts:Throttle:MaxFailures</c> further attempts are refused outright until the window ends.
/// IPv6 clients are counted per /64, the block a single subscriber usually holds.
/// </summary>
internal sealed class AuthenticationThrottle
{
    // Bounds memory under a spray from many addresses: expired windows are swept once the table grows past this.
    private const int SweepThreshold = 10_000;
    private const int MaxUserKeyLength = 320;

    private readonly ConcurrentDictionary<string, FailureWindow> _failures = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly int _maxFailures;
    private readonly TimeSpan _window;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public AuthenticationThrottle(IOptions<AccountsOptions> options, TimeProvider timeProvider)
    {
        var throttle = options.Value.Throttle;
        _timeProvider = timeProvider;
        _maxFailures = throttle.MaxFailures;
        _window = TimeSpan.FromSeconds(throttle.WindowSeconds);
        _baseDelay = TimeSpan.FromMilliseconds(throttle.BaseDelayMilliseconds);
        _maxDelay = TimeSpan.FromMilliseconds(throttle.MaxDelayMilliseconds);
    }

    public static string UserKey(string user) =>
        "u:" + (user.Length > MaxUserKeyLength ? user[..MaxUserKeyLength] : user);

    public static string? AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            address = new IPAddress(bytes);
        }

        return "a:" + address;
    }

    public bool IsBlocked(string? addressKey, string userKey) =>
        Failures(addressKey) >= _maxFailures || Failures(userKey) >= _maxFailures;

    /// <summary>Counts a failure against both keys; returns how long to hold the answer back.</summary>
    public TimeSpan RecordFailure(string? addressKey, string userKey)
    {
        var now = _timeProvider.GetUtcNow();
        if (_failures.Count > SweepThreshold)
        {
            Sweep(now);
        }

        var count = Increment(userKey, now);
        if (addressKey is not null)
        {
            count = Math.Max(count, Increment(addressKey, now));
        }

        var delay = _baseDelay * Math.Pow(2, Math.Min(count - 1, 30));
        return delay > _maxDelay ? _maxDelay : delay;
    }

    /// <summary>The user proved who they are; the address's count stays, or one valid account would launder a spray.</summary>
    public void RecordSuccess(string userKey) => _failures.TryRemove(userKey, out _);

    private int Failures(string? key)
    {
        if (key is null || !_failures.TryGetValue(key, out var window))
        {
            return 0;
        }

        return _timeProvider.GetUtcNow() - window.Start >= _window ? 0 : window.Count;
    }

    private int Increment(string key, DateTimeOffset now) =>
        _failures.AddOrUpdate(
            key,
            static (_, now) => new FailureWindow(now, 1),
            (_, window, now) => now - window.Start >= _window ? new FailureWindow(now, 1) : window with { Count = window.Count + 1 },
            now).Count;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, window) in _failures)
        {
            if (now - window.Start >= _window)
            {
                _failures.TryRemove(new KeyValuePair<string, FailureWindow>(key, window));
            }
        }
    }
}
