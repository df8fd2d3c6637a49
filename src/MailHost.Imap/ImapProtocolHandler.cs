using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Imap.Session;
using MailHost.Store;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Imap;

/// <summary>The IMAP end of an endpoint's connection chain: one <see cref="ImapSession"/> per connection.</summary>
internal sealed class ImapProtocolHandler : IMailProtocolHandler
{
    private readonly IOptions<ImapOptions> _options;
    private readonly IMailStore _store;
    private readonly IAuthenticator _authenticator;
    private readonly ISaslMechanisms _sasl;
    private readonly ILogger<ImapProtocolHandler> _logger;
    private readonly ImapMetrics _metrics;
    private readonly TimeProvider _timeProvider;

    public ImapProtocolHandler(IOptions<ImapOptions> options, IMailStore store, IAuthenticator authenticator, ISaslMechanisms sasl,
        ILogger<ImapProtocolHandler> logger, ImapMetrics metrics, TimeProvider timeProvider)
    {
        _options = options;
        _store = store;
        _authenticator = authenticator;
        _sasl = sasl;
        _logger = logger;
        _metrics = metrics;
        _timeProvider = timeProvider;
    }

    public MailProtocol Protocol => MailProtocol.Imap;

    public ReadOnlyMemory<byte> TooBusyReply { get; } = "* BYE [UNAVAILABLE] Too many connections, try again later\r\n"u8.ToArray();

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _metrics.SessionStarted();
        try
        {
            await using var session = new ImapSession(connection, _options.Value, _store, _authenticator, _sasl, _logger, _metrics, _timeProvider);
            await session.RunAsync();
        }
        finally
        {
            _metrics.SessionEnded();
        }
    }
}
