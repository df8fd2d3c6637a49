using System.Net;

namespace MailHost.Connections;

/// <summary>One configured endpoint as the listener sees it.</summary>
public sealed class MailEndpoint : IMailEndpointFeature
{
    private IPEndPoint[] _bound = [];
    private readonly Lock _gate = new();

    internal MailEndpoint(
        string name,
        MailProtocol protocol,
        EndpointSecurity security,
        bool requiresAuthentication,
        bool enabled,
        IReadOnlyList<IPEndPoint> configuredEndPoints)
    {
        Name = name;
        Protocol = protocol;
        Security = security;
        RequiresAuthentication = requiresAuthentication;
        Enabled = enabled;
        ConfiguredEndPoints = configuredEndPoints;
    }

    /// <summary>Configuration name: imap, imaps, smtp, submission, submissions, lmtp.</summary>
    public string Name { get; }

    public MailProtocol Protocol { get; }

    public EndpointSecurity Security { get; }

    public bool RequiresAuthentication { get; }

    public bool Enabled { get; }

    /// <summary>Addresses and ports as configured (port 0 means "any free port").</summary>
    public IReadOnlyList<IPEndPoint> ConfiguredEndPoints { get; }

    /// <summary>Addresses actually listening; empty before start-up bound them and after shutdown unbound them.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints => Volatile.Read(ref _bound);

    string IMailEndpointFeature.EndpointName => Name;

    internal void AddBound(IPEndPoint endPoint)
    {
        lock (_gate)
        {
            Volatile.Write(ref _bound, [.. _bound, endPoint]);
        }
    }

    internal void ClearBound()
    {
        lock (_gate)
        {
            Volatile.Write(ref _bound, []);
        }
    }
}
