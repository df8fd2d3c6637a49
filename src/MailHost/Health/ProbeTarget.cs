using System.Net;
using MailHost.Connections;

namespace MailHost.Health;

/// <summary>One endpoint as the health probe sees it: where to connect and what greeting to expect.</summary>
internal sealed record ProbeTarget(string Name, MailProtocol Protocol, EndpointSecurity Security, IPEndPoint EndPoint)
{
    /// <summary>The first configured address; wildcard listen addresses are reached through loopback (a dual-stack <c>::</c> socket accepts IPv4 too).</summary>
    public static ProbeTarget From(MailEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var configured = endpoint.ConfiguredEndPoints[0];
        var address = configured.Address.Equals(IPAddress.Any) || configured.Address.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : configured.Address;
        return new ProbeTarget(endpoint.Name, endpoint.Protocol, endpoint.Security, new IPEndPoint(address, configured.Port));
    }
}
