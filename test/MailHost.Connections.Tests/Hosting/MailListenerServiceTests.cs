using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using MailHost.Connections.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Tests.Hosting;

[CancelAfter(20_000)]
public sealed class MailListenerServiceTests
{
    [Test]
    public async Task Plain_endpoint_greets_echoes_and_says_which_endpoint_it_is(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken);
        await using var client = await host.ConnectAsync("smtp", cancellationToken);

        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));
        await client.SendAsync("INFO\r\nhello there\r\nQUIT\r\n", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("INFO secure=False tls= endpoint=smtp"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("ECHO hello there"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* BYE logging out"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.Null);
        }
    }

    [Test]
    public async Task Catalog_shows_the_ports_the_system_chose(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            foreach (var name in new[] { "imap", "imaps", "smtp", "submission", "submissions" })
            {
                var endpoint = host.Catalog.Find(name)!;
                Assert.That(endpoint.BoundEndPoints, Has.Count.EqualTo(1), name);
                Assert.That(endpoint.BoundEndPoints[0].Port, Is.Not.Zero, name);
                Assert.That(endpoint.BoundEndPoints[0].Address, Is.EqualTo(IPAddress.Loopback), name);
            }

            Assert.That(host.Catalog.Find("lmtp")!.Enabled, Is.False);
            Assert.That(host.Catalog.Find("lmtp")!.BoundEndPoints, Is.Empty);
        }
    }

    [Test]
    public async Task Implicit_tls_endpoint_handshakes_before_the_greeting(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken);
        await using var client = await host.ConnectAsync("imaps", cancellationToken);

        await client.StartTlsAsync(cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));
        await client.SendAsync("INFO\r\n", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await client.ReadLineAsync(cancellationToken), Does.Match("^INFO secure=True tls=TLSv1\\.[23] endpoint=imaps$"));
            Assert.That(client.TlsProtocol, Is.EqualTo(SslProtocols.Tls13).Or.EqualTo(SslProtocols.Tls12));
            Assert.That(client.ServerCertificate!.MatchesHostname("mail.test"), Is.True);
        }
    }

    [Test]
    public async Task Starttls_upgrades_the_session_in_place(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken);
        await using var client = await host.ConnectAsync("imap", cancellationToken);

        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));
        await client.SendAsync("STARTTLS\r\n", cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("OK begin TLS"));
        await client.StartTlsAsync(cancellationToken);
        await client.SendAsync("INFO\r\nSTARTTLS\r\nafter\r\n", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await client.ReadLineAsync(cancellationToken), Does.Match("^INFO secure=True tls=TLSv1\\.[23] endpoint=imap$"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("BAD STARTTLS not available"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("ECHO after"));
        }
    }

    [Test]
    public async Task Starttls_with_plaintext_pipelined_behind_it_is_refused(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken);
        await using var client = await host.ConnectAsync("submission", cancellationToken);

        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));
        await client.SendAsync("STARTTLS\r\nINFO\r\n", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("BAD plaintext after STARTTLS"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.Null);
        }
    }

    [Test]
    public async Task Over_the_per_ip_limit_a_plaintext_endpoint_answers_too_busy_and_closes(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken, ("Limits:MaxConnectionsPerIp", "1"));
        await using var first = await host.ConnectAsync("imap", cancellationToken);
        Assert.That(await first.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));

        await using var second = await host.ConnectAsync("smtp", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await second.ReadLineAsync(cancellationToken), Is.EqualTo("* BYE too busy"));
            Assert.That(await second.ReadLineAsync(cancellationToken), Is.Null);
        }

        await first.SendAsync("still here\r\n", cancellationToken);
        Assert.That(await first.ReadLineAsync(cancellationToken), Is.EqualTo("ECHO still here"));
    }

    [Test]
    public async Task Over_the_global_limit_an_implicit_tls_endpoint_closes_without_a_byte(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken, ("Limits:MaxConnections", "1"));
        await using var first = await host.ConnectAsync("submissions", cancellationToken);
        await first.StartTlsAsync(cancellationToken);
        Assert.That(await first.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));

        await using var second = await host.ConnectAsync("imaps", cancellationToken);
        Assert.That(await second.CountBytesUntilClosedAsync(cancellationToken), Is.Zero);
    }

    [Test]
    public async Task Shutdown_asks_the_session_to_say_goodbye_and_stops_listening(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken);
        var port = host.PortOf("imap");
        await using var client = await host.ConnectAsync("imap", cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));

        var clock = Stopwatch.StartNew();
        await host.StopAsync(cancellationToken);
        clock.Stop();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await host.Imap.Goodbye, Is.EqualTo("shutdown"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* BYE shutdown"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.Null);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "a cooperative session must not wait out the drain");
            Assert.That(host.Catalog.Find("imap")!.BoundEndPoints, Is.Empty);
        }

        Assert.That(
            async () => await TestClient.ConnectAsync(port, cancellationToken),
            Throws.InstanceOf<SocketException>());
    }

    [Test]
    public async Task Shutdown_aborts_a_session_that_ignores_the_request_after_the_drain(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken, ("Shutdown:DrainSeconds", "1"));
        await using var client = await host.ConnectAsync("imap", cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));
        await client.SendAsync("HANG\r\n", cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* HANGING"));

        var clock = Stopwatch.StartNew();
        await host.StopAsync(cancellationToken);
        clock.Stop();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await client.CountBytesUntilClosedAsync(cancellationToken), Is.Zero);
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        }
    }

    [Test]
    public async Task Dual_stack_address_accepts_ipv4_clients(CancellationToken cancellationToken)
    {
        Assume.That(Socket.OSSupportsIPv6, Is.True, "IPv6 is not available here");
        await using var host = await ListenerHost.StartAsync(cancellationToken, ("Endpoints:imap:Address", "::"));
        await using var client = await host.ConnectAsync("imap", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(host.Catalog.Find("imap")!.BoundEndPoints[0].Address, Is.EqualTo(IPAddress.IPv6Any));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));
        }
    }

    [Test]
    public async Task A_silent_client_on_an_implicit_tls_endpoint_is_dropped_after_the_handshake_timeout(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken, ("Tls:HandshakeTimeoutSeconds", "1"));
        await using var client = await host.ConnectAsync("imaps", cancellationToken);

        var clock = Stopwatch.StartNew();
        var bytes = await client.CountBytesUntilClosedAsync(cancellationToken);
        clock.Stop();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bytes, Is.Zero);
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)).And.LessThan(TimeSpan.FromSeconds(5)));
        }
    }

    [Test]
    public async Task Host_shutdown_timeout_leaves_room_for_the_drain(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken, ("Shutdown:DrainSeconds", "40"));
        var options = host.Host.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        Assert.That(options.ShutdownTimeout, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(40 + ConnectionsServiceCollectionExtensions.ShutdownMarginSeconds)));
    }

    [Test]
    public async Task Shutdown_reaches_a_session_inside_tls(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken);
        await using var client = await host.ConnectAsync("submissions", cancellationToken);
        await client.StartTlsAsync(cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));
        await client.SendAsync("INFO\r\n", cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Does.StartWith("INFO secure=True"));

        await host.StopAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await host.Smtp.Goodbye, Is.EqualTo("shutdown"));
            Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* BYE shutdown"));
        }
    }

    [Test]
    public async Task Plaintext_sent_after_the_ready_reply_fails_the_handshake_and_is_never_executed(CancellationToken cancellationToken)
    {
        await using var host = await ListenerHost.StartAsync(cancellationToken);
        await using var client = await host.ConnectAsync("imap", cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("* OK test ready"));
        await client.SendAsync("STARTTLS\r\n", cancellationToken);
        Assert.That(await client.ReadLineAsync(cancellationToken), Is.EqualTo("OK begin TLS"));

        await client.SendAsync("INFO\r\nINFO\r\n", cancellationToken);

        // At most a TLS alert comes back; never an answer to the injected command.
        var answer = System.Text.Encoding.ASCII.GetString(await client.ReadUntilClosedAsync(cancellationToken));
        Assert.That(answer, Does.Not.Contain("INFO"));
    }
}
