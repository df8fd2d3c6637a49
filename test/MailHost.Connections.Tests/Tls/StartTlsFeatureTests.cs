using MailHost.Connections.Tests.Support;
using MailHost.Connections.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailHost.Connections.Tests.Tls;

[CancelAfter(10_000)]
public sealed class StartTlsFeatureTests
{
    [Test]
    public async Task Plaintext_pipelined_after_STARTTLS_is_refused_and_no_ready_reply_is_written(CancellationToken cancellationToken)
    {
        using var data = new TempDirectory();
        using var certificates = TestTls.Certificates(data.Path);
        var handler = new TestProtocolHandler(MailProtocol.Imap);
        var middleware = new StartTlsMiddleware(handler.OnConnectedAsync, TestTls.Handshaker(certificates), "imap", NullLogger.Instance);
        await using var connection = new InMemoryConnection();

        // The injected command arrives in the same segment as STARTTLS, before the server read either.
        await connection.SendAsync("STARTTLS\r\nINFO\r\n", cancellationToken);
        await connection.RunAsync(middleware.OnConnectedAsync);

        Assert.That(
            await connection.ReadToEndAsync(cancellationToken),
            Is.EqualTo("* OK test ready\r\nBAD plaintext after STARTTLS\r\n"));
    }

    [Test]
    public async Task Endpoint_without_the_middleware_offers_no_STARTTLS(CancellationToken cancellationToken)
    {
        var handler = new TestProtocolHandler(MailProtocol.Lmtp);
        await using var connection = new InMemoryConnection();
        await connection.SendAsync("STARTTLS\r\nQUIT\r\n", cancellationToken);
        await connection.RunAsync(handler.OnConnectedAsync);

        Assert.That(
            await connection.ReadToEndAsync(cancellationToken),
            Is.EqualTo("* OK test ready\r\nBAD no STARTTLS here\r\n* BYE logging out\r\n"));
    }
}
