namespace MailHost.Connections.Configuration;

/// <summary>The endpoint names operators may configure under <c>Endpoints:</c>, with their defaults when run from source.</summary>
internal static class KnownEndpoints
{
    public const string SectionName = "Endpoints";

    public static IReadOnlyList<KnownEndpoint> All { get; } =
    [
        new("imap", MailProtocol.Imap, EndpointSecurity.StartTls, RequiresAuthentication: false, DefaultPort: 1143, EnabledByDefault: true),
        new("imaps", MailProtocol.Imap, EndpointSecurity.ImplicitTls, RequiresAuthentication: false, DefaultPort: 1993, EnabledByDefault: true),
        new("smtp", MailProtocol.Smtp, EndpointSecurity.StartTls, RequiresAuthentication: false, DefaultPort: 2525, EnabledByDefault: true),
        new("submission", MailProtocol.Smtp, EndpointSecurity.StartTls, RequiresAuthentication: true, DefaultPort: 1587, EnabledByDefault: true),
        new("submissions", MailProtocol.Smtp, EndpointSecurity.ImplicitTls, RequiresAuthentication: true, DefaultPort: 1465, EnabledByDefault: true),
        new("lmtp", MailProtocol.Lmtp, EndpointSecurity.None, RequiresAuthentication: false, DefaultPort: 2424, EnabledByDefault: false),
    ];

    public static KnownEndpoint? Find(string name)
    {
        foreach (var endpoint in All)
        {
            if (string.Equals(endpoint.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return endpoint;
            }
        }

        return null;
    }
}
