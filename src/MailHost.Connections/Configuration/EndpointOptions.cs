using System.Net;

namespace MailHost.Connections.Configuration;

/// <summary>The effective settings of one known endpoint after defaults and configuration are merged.</summary>
internal sealed class EndpointOptions
{
    public required KnownEndpoint Definition { get; init; }

    public bool Enabled { get; set; }

    public List<IPAddress> Addresses { get; } = [];

    public int Port { get; set; }
}
