using Microsoft.AspNetCore.Connections;

namespace MailHost.Connections.Hosting;

/// <summary>One bound socket of an endpoint with the pipeline its connections run through.</summary>
internal sealed record BoundListener(MailEndpoint Endpoint, IConnectionListener Listener, ConnectionDelegate Pipeline);
