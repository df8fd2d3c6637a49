using MailHost.Connections;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Imap.Tests.Fakes;

/// <summary>Records the timeout the session asks for; <see cref="Fire"/> does what the middleware does when it expires.</summary>
internal sealed class FakeTimeoutFeature : IProtocolTimeoutFeature
{
    private readonly ConnectionContext _context;

    public FakeTimeoutFeature(ConnectionContext context)
    {
        _context = context;
    }

    public TimeSpan? Current { get; private set; }

    public bool IsTimedOut { get; private set; }

    public void SetTimeout(TimeSpan timeout) => Current = timeout;

    public void CancelTimeout() => Current = null;

    public void Fire()
    {
        IsTimedOut = true;
        _context.Transport.Input.CancelPendingRead();
    }
}
