using System.Net;
using MailHost.Connections;

namespace MailHost.Hosting;

/// <summary>How <c>check</c> and the start-up log show an endpoint: name, protocol, TLS mode, addresses.</summary>
internal static class EndpointDescription
{
    public static string Format(MailEndpoint endpoint, IReadOnlyList<IPEndPoint> addresses)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(addresses);
        return $"{endpoint.Name,-12} {endpoint.Protocol.ToString().ToUpperInvariant(),-5} {SecurityLabel(endpoint.Security),-12} {string.Join(", ", addresses)}";
    }

    public static string Summary(MailEndpoint endpoint, IReadOnlyList<IPEndPoint> addresses) =>
        $"{endpoint.Name} {string.Join(" ", addresses)}";

    public static string SecurityLabel(EndpointSecurity security) => security switch
    {
        EndpointSecurity.ImplicitTls => "implicit-TLS",
        EndpointSecurity.StartTls => "STARTTLS",
        _ => "plaintext",
    };
}
