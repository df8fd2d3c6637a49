using MailHost.Connections;

namespace MailHost.Hosting;

/// <summary>A known endpoint name with its protocol, TLS mode and the defaults used when run from source.</summary>
internal sealed record EndpointDefinition(string Name, MailProtocol Protocol, EndpointSecurity Security, int DefaultPort, bool EnabledByDefault)
{
    public const string DefaultAddress = "127.0.0.1";

    /// <summary>The six names of the configuration contract (<c>Endpoints:&lt;name&gt;</c>), in display order.</summary>
    public static IReadOnlyList<EndpointDefinition> All { get; } =
    [
        new("imap", MailProtocol.Imap, EndpointSecurity.StartTls, 1143, true),
        new("imaps", MailProtocol.Imap, EndpointSecurity.ImplicitTls, 1993, true),
        new("smtp", MailProtocol.Smtp, EndpointSecurity.StartTls, 2525, true),
        new("submission", MailProtocol.Smtp, EndpointSecurity.StartTls, 1587, true),
        new("submissions", MailProtocol.Smtp, EndpointSecurity.ImplicitTls, 1465, true),
        new("lmtp", MailProtocol.Lmtp, EndpointSecurity.None, 2424, false),
    ];
}
