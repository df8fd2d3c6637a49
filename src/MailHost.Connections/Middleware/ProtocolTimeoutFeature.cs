using MailHost.Connections.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Middleware;

/// <summary>
/// Two-stage timer: at the protocol deadline it marks the session timed out and cancels the pending read on the current
/// transport so the handler can write its goodbye; if the handler is still running after the grace period, it aborts.
/// </summary>
internal sealed class ProtocolTimeoutFeature : IProtocolTimeoutFeature, IDisposable
{
    private readonly ConnectionContext _connection;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _grace;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private DateTimeOffset _deadline = DateTimeOffset.MaxValue;
    private volatile bool _timedOut;
    private bool _aborted;
    private bool _disposed;

    public ProtocolTimeoutFeature(ConnectionContext connection, TimeProvider timeProvider, TimeSpan grace, ILogger logger)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        _grace = grace;
        _logger = logger;
        _timer = timeProvider.CreateTimer(static state => ((ProtocolTimeoutFeature)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsTimedOut => _timedOut;

    public void SetTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        lock (_gate)
        {
            // Once expired, the grace timer owns the connection; a handler re-arming while saying goodbye must not extend it.
            if (_timedOut || _disposed)
            {
                return;
            }

            _deadline = _timeProvider.GetUtcNow() + timeout;
            _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
    }

    public void CancelTimeout()
    {
        lock (_gate)
        {
            if (_timedOut || _disposed)
            {
                return;
            }

            _deadline = DateTimeOffset.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void OnTimer()
    {
        bool expireNow;
        lock (_gate)
        {
            if (_disposed || _aborted)
            {
                return;
            }

            // Before the deadline: either a stale callback (queued when the handler re-armed the timer) or an early one
            // (timers tick on a coarser clock than GetUtcNow, so a callback may come a millisecond short). Re-arming for
            // the rest is right in both cases; returning without it would leave an early-fired timer dead for good, and
            // the session without its goodbye.
            var now = _timeProvider.GetUtcNow();
            if (!_timedOut && now < _deadline)
            {
                _timer.Change(_deadline - now, Timeout.InfiniteTimeSpan);
                return;
            }

            expireNow = !_timedOut;
            if (expireNow)
            {
                _timedOut = true;
                _timer.Change(_grace, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _aborted = true;
            }
        }

        if (expireNow)
        {
            Log.ProtocolTimeout(_logger, _connection.ConnectionId);
            try
            {
                _connection.Transport.Input.CancelPendingRead();
            }
            catch (ObjectDisposedException)
            {
                // The handler returned and its TLS pipe was torn down just as the timer fired; an exception here
                // would escape on a timer thread and take the process down.
                return;
            }
        }
        else
        {
            Log.TimeoutAbort(_logger, _connection.ConnectionId);
            _connection.Abort(new ConnectionAbortedException("The protocol handler did not close the connection after its timeout."));
        }
    }
}
