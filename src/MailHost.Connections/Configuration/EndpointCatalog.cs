using System.Net;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Configuration;

internal sealed class EndpointCatalog : IEndpointCatalog
{
    public EndpointCatalog(IOptions<EndpointsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Endpoints = options.Value.Endpoints
            .Select(static e => new MailEndpoint(
                e.Definition.Name,
                e.Definition.Protocol,
                e.Definition.Security,
                e.Definition.RequiresAuthentication,
                e.Enabled,
                e.Addresses.Select(a => new IPEndPoint(a, e.Port)).ToArray()))
            .ToArray();
    }

    public IReadOnlyList<MailEndpoint> Endpoints { get; }

    public MailEndpoint? Find(string name) =>
        Endpoints.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
