using System.Collections;
using System.Net;

namespace MailHost.Connections.Middleware;

/// <summary>Structured logging scope: every line a session logs carries the connection id, peer and endpoint.</summary>
internal sealed class ConnectionLogScope(string connectionId, EndPoint? remoteEndPoint, string endpointName)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ConnectionId", connectionId),
        1 => new("RemoteEndPoint", remoteEndPoint?.ToString()),
        2 => new("EndpointName", endpointName),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"ConnectionId:{connectionId} RemoteEndPoint:{remoteEndPoint} EndpointName:{endpointName}";
}
