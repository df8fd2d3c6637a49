using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MailHost.Connections.Configuration;
using MailHost.Connections.Diagnostics;
using MailHost.Connections.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Hosting;

/// <summary>
/// Binds every enabled endpoint during start-up (so a port in use fails the start, and the catalog shows real ports once
/// the host has started), runs one accept loop per bound socket, and on stop: unbind → ask to close → drain → abort.
/// </summary>
internal sealed class MailListenerService(
    IEndpointCatalog catalog,
    IEnumerable<IMailProtocolHandler> handlers,
    EndpointPipelineBuilder pipelines,
    CertificateProvider certificates,
    IOptions<ConnectionLimitsOptions> limits,
    IOptions<ShutdownOptions> shutdown,
    ConnectionsMetrics metrics,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    /// <summary>After aborting, how long to wait for handlers to unwind before giving up on them.</summary>
    private static readonly TimeSpan AbortWait = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger<MailListenerService>();
    private readonly List<BoundListener> _listeners = [];
    private readonly ConcurrentDictionary<LiveConnection, byte> _connections = new();
    private volatile bool _draining;

    internal int LiveConnectionCount => _connections.Count;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var enabled = catalog.Endpoints.Where(e => e.Enabled).ToList();
        var chains = new List<(MailEndpoint Endpoint, ConnectionDelegate Pipeline)>();
        foreach (var endpoint in enabled)
        {
            var handler = handlers.FirstOrDefault(h => h.Protocol == endpoint.Protocol)
                ?? throw new InvalidOperationException(
                    $"{KnownEndpoints.SectionName}:{endpoint.Name}: enabled, but no {endpoint.Protocol} protocol handler is registered; disable it with {KnownEndpoints.SectionName}:{endpoint.Name}:Enabled=false.");
            chains.Add((endpoint, pipelines.Build(endpoint, handler)));
        }

        if (enabled.Any(e => e.Security != EndpointSecurity.None))
        {
            certificates.EnsureLoaded();
        }

        var factory = new SocketTransportFactory(
            Options.Create(new SocketTransportOptions { MaxReadBufferSize = limits.Value.InputBufferBytes }),
            loggerFactory);
        try
        {
            foreach (var (endpoint, pipeline) in chains)
            {
                foreach (var configured in endpoint.ConfiguredEndPoints)
                {
                    var listener = await BindAsync(factory, endpoint, configured, cancellationToken);
                    _listeners.Add(new BoundListener(endpoint, listener, pipeline));
                    var bound = listener.EndPoint as IPEndPoint ?? configured;
                    endpoint.AddBound(bound);
                    Log.EndpointListening(_logger, endpoint.Name, endpoint.Protocol, endpoint.Security, bound);
                }
            }
        }
        catch
        {
            await UnbindAllAsync();
            await DisposeListenersAsync();
            throw;
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await UnbindAllAsync();

        // Waits for the accept loops to end, so no connection can be registered after the snapshot below.
        await base.StopAsync(cancellationToken);
        _draining = true;

        var drain = TimeSpan.FromSeconds(shutdown.Value.DrainSeconds);
        var live = _connections.Keys.ToList();
        if (live.Count > 0)
        {
            Log.Draining(_logger, live.Count, shutdown.Value.DrainSeconds);
            foreach (var connection in live)
            {
                connection.Lifetime.RequestClose();
            }

            var all = Task.WhenAll(live.Select(c => c.Completion));
            await all.WaitAsync(drain, timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!all.IsCompleted)
            {
                var stragglers = live.Where(c => !c.Completion.IsCompleted).ToList();
                Log.AbortingAfterDrain(_logger, stragglers.Count);
                foreach (var connection in stragglers)
                {
                    connection.Context.Abort(new ConnectionAbortedException("The server is shutting down."));
                }

                await all.WaitAsync(AbortWait, timeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await DisposeListenersAsync();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_listeners.Select(l => AcceptLoopAsync(l, stoppingToken)));

    private static async Task<IConnectionListener> BindAsync(SocketTransportFactory factory, MailEndpoint endpoint, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        try
        {
            return await factory.BindAsync(endPoint, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or IOException or AddressInUseException)
        {
            throw new InvalidOperationException(
                $"{KnownEndpoints.SectionName}:{endpoint.Name}: cannot listen on {endPoint}: {exception.Message}", exception);
        }
    }

    private async Task AcceptLoopAsync(BoundListener bound, CancellationToken stoppingToken)
    {
        // Leave the host's start-up path at once; accepting is the long-running part.
        await Task.Yield();
        try
        {
            while (await bound.Listener.AcceptAsync(stoppingToken) is { } connection)
            {
                var lifetime = new ConnectionLifetimeNotificationFeature(connection);
                var live = new LiveConnection(connection, lifetime);
                _connections.TryAdd(live, 0);
                _ = Task.Run(() => RunConnectionAsync(bound, live), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stop requested while waiting for the next client: the normal way out.
            Log.AcceptStopped(_logger, bound.Endpoint.Name, bound.Listener.EndPoint);
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException)
        {
            Log.AcceptFailed(_logger, bound.Endpoint.Name, bound.Listener.EndPoint, exception);
        }
    }

    private async Task RunConnectionAsync(BoundListener bound, LiveConnection live)
    {
        var connection = live.Context;
        var endpoint = bound.Endpoint;
        connection.Features.Set<IMailEndpointFeature>(endpoint);
        connection.Features.Set<IConnectionSecurityFeature>(new ConnectionSecurityFeature());
        connection.Features.Set<IConnectionLifetimeNotificationFeature>(live.Lifetime);
        metrics.Opened(endpoint.Name);
        if (_draining)
        {
            live.Lifetime.RequestClose();
        }

        try
        {
            await bound.Pipeline(connection);
        }
        catch (Exception exception) when (IsPeerGone(exception, connection))
        {
            Log.PeerGone(_logger, connection.ConnectionId, exception);
        }
        catch (Exception exception)
        {
            // The last line of defence for one session: log it, close that connection, keep serving the others.
            Log.ConnectionFailed(_logger, connection.ConnectionId, exception);
        }
        finally
        {
            live.Lifetime.MarkFinished();
            metrics.Closed(endpoint.Name);
            await connection.DisposeAsync();
            _connections.TryRemove(live, out _);
            live.Lifetime.Dispose();
            live.MarkCompleted();
        }
    }

    /// <summary>
    /// The client went away (or the connection was aborted after its timeout): not a server error. A handler that reads
    /// with <see cref="ConnectionContext.ConnectionClosed"/> as its token may see the cancellation before the pipe's
    /// completion, depending on which of the transport's callbacks runs first.
    /// </summary>
    private static bool IsPeerGone(Exception exception, ConnectionContext connection) =>
        exception is ConnectionResetException or ConnectionAbortedException or IOException or InvalidOperationException { InnerException: IOException }
        || (exception is OperationCanceledException && connection.ConnectionClosed.IsCancellationRequested);

    private async Task DisposeListenersAsync()
    {
        foreach (var bound in _listeners)
        {
            await bound.Listener.DisposeAsync();
        }

        _listeners.Clear();
    }

    private async Task UnbindAllAsync()
    {
        foreach (var bound in _listeners)
        {
            await bound.Listener.UnbindAsync();
            Log.EndpointUnbound(_logger, bound.Endpoint.Name, bound.Listener.EndPoint);
        }

        foreach (var endpoint in catalog.Endpoints)
        {
            endpoint.ClearBound();
        }
    }
}
