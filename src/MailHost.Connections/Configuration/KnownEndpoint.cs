namespace MailHost.Connections.Configuration;

/// <summary>One row of the fixed endpoint table: the names are part of the configuration contract, so they are not open-ended.</summary>
internal sealed record KnownEndpoint(
    string Name,
    MailProtocol Protocol,
    EndpointSecurity Security,
    bool RequiresAuthentication,
    int DefaultPort,
    bool EnabledByDefault);
