using System.Text;
using MailHost.Connections;
using MailHost.Smtp.Session;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Smtp;

/// <summary>LMTP (RFC 2033): the SMTP session with LHLO and one reply per recipient after the message.</summary>
internal sealed class LmtpProtocolHandler : IMailProtocolHandler
{
    private readonly SmtpServices _services;

    public LmtpProtocolHandler(SmtpServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        TooBusyReply = Encoding.UTF8.GetBytes("421 4.7.0 " + services.Options.HostName + " Too many connections, try again later\r\n");
    }

    public MailProtocol Protocol => MailProtocol.Lmtp;

    public ReadOnlyMemory<byte> TooBusyReply { get; }

    public Task OnConnectedAsync(ConnectionContext connection) => new SmtpSession(connection, _services, lmtp: true).RunAsync();
}
