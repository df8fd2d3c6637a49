namespace MailHost.Connections.Configuration;

/// <summary>All known endpoints, enabled or not, in the order of <see cref="KnownEndpoints.All"/>.</summary>
internal sealed class EndpointsOptions
{
    public List<EndpointOptions> Endpoints { get; } = [];
}
