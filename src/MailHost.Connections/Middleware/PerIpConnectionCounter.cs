using System.Net;

namespace MailHost.Connections.Middleware;

/// <summary>Connections per remote address across all endpoints; entries disappear at zero so the table stays as small as the live set.</summary>
internal sealed class PerIpConnectionCounter
{
    private readonly Dictionary<IPAddress, int> _counts = [];
    private readonly Lock _gate = new();

    public int CountFor(IPAddress address)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(Normalize(address));
        }
    }

    public bool TryAcquire(IPAddress address, int limit)
    {
        var key = Normalize(address);
        lock (_gate)
        {
            var count = _counts.GetValueOrDefault(key);
            if (count >= limit)
            {
                return false;
            }

            _counts[key] = count + 1;
            return true;
        }
    }

    public void Release(IPAddress address)
    {
        var key = Normalize(address);
        lock (_gate)
        {
            if (_counts.TryGetValue(key, out var count))
            {
                if (count <= 1)
                {
                    _counts.Remove(key);
                }
                else
                {
                    _counts[key] = count - 1;
                }
            }
        }
    }

    /// <summary>A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; the same client must count once.</summary>
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
