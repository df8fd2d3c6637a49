using MailHost.Connections.Configuration;
using MailHost.Connections.Diagnostics;
using MailHost.Connections.Middleware;
using MailHost.Connections.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Hosting;

/// <summary>Builds an endpoint's <see cref="ConnectionDelegate"/>: limits → logging scope → timeout → command pacing → TLS → protocol handler.</summary>
internal sealed class EndpointPipelineBuilder(
    IServiceProvider services,
    IOptions<ConnectionLimitsOptions> limits,
    GlobalConnectionCounter globalCounter,
    PerIpConnectionCounter perIpCounter,
    TlsHandshaker handshaker,
    ConnectionsMetrics metrics,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    /// <summary>Time a handler gets to write its goodbye after its protocol timeout before the connection is aborted.</summary>
    internal static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(5);

    public ConnectionDelegate Build(MailEndpoint endpoint, IMailProtocolHandler handler)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handler);
        var options = limits.Value;
        var logger = loggerFactory.CreateLogger("MailHost.Connections.Connection");
        var tlsLogger = loggerFactory.CreateLogger<TlsHandshaker>();
        var responder = new TooBusyResponder(endpoint, handler.TooBusyReply, metrics, logger, timeProvider);
        var builder = new ConnectionBuilder(services);

        // A PROXY protocol v2 middleware belongs first, ahead of the limits: the header precedes TLS on the wire, and
        // per-IP limits, logs and Received: lines must all see the client behind the load balancer.
        builder.Use(next => new GlobalConnectionLimitMiddleware(next, globalCounter, options.MaxConnections, responder).OnConnectedAsync);
        builder.Use(next => new PerIpConnectionLimitMiddleware(next, perIpCounter, options.MaxConnectionsPerIp, responder).OnConnectedAsync);
        builder.Use(next => new LoggingScopeMiddleware(next, endpoint.Name, timeProvider, logger).OnConnectedAsync);
        builder.Use(next => new ProtocolTimeoutMiddleware(next, timeProvider, TimeSpan.FromSeconds(options.DefaultTimeoutSeconds), TimeoutGrace, logger).OnConnectedAsync);
        if (options.CommandsPerSecond > 0)
        {
            builder.Use(next => new CommandPacingMiddleware(next, timeProvider, options.CommandsPerSecond, options.CommandBurst, metrics, endpoint.Name).OnConnectedAsync);
        }

        switch (endpoint.Security)
        {
            case EndpointSecurity.ImplicitTls:
                builder.Use(next => new ImplicitTlsMiddleware(next, handshaker, endpoint.Name).OnConnectedAsync);
                break;
            case EndpointSecurity.StartTls:
                builder.Use(next => new StartTlsMiddleware(next, handshaker, endpoint.Name, tlsLogger).OnConnectedAsync);
                break;
            case EndpointSecurity.None:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint.Security, "Unknown endpoint security.");
        }

        builder.Run(handler.OnConnectedAsync);
        return builder.Build();
    }
}
