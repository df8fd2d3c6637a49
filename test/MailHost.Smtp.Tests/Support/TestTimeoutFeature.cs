using System.IO.Pipelines;
using MailHost.Connections;

namespace MailHost.Smtp.Tests.Support;

/// <summary>Records the timeouts the session arms; <see cref="Fire"/> does what the middleware does when one expires.</summary>
internal sealed class TestTimeoutFeature : IProtocolTimeoutFeature
{
    private readonly List<TimeSpan> _armed = [];

    public PipeReader? Input { get; set; }

    public bool IsTimedOut { get; private set; }

    public IReadOnlyList<TimeSpan> Armed
    {
        get
        {
            lock (_armed)
            {
                return [.. _armed];
            }
        }
    }

    public void SetTimeout(TimeSpan timeout)
    {
        lock (_armed)
        {
            _armed.Add(timeout);
        }
    }

    public void CancelTimeout()
    {
    }

    public void Fire()
    {
        IsTimedOut = true;
        Input!.CancelPendingRead();
    }
}
