using System.Net;

namespace MailHost.Connections.Tests.Support;

internal static class TestEndpoints
{
    public static MailEndpoint Plain { get; } = new("imap", MailProtocol.Imap, EndpointSecurity.StartTls, false, true, [new IPEndPoint(IPAddress.Loopback, 0)]);

    public static MailEndpoint ImplicitTls { get; } = new("imaps", MailProtocol.Imap, EndpointSecurity.ImplicitTls, false, true, [new IPEndPoint(IPAddress.Loopback, 0)]);
}
