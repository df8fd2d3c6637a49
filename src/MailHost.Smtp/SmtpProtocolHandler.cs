using System.Text;
using MailHost.Connections;
using MailHost.Smtp.Session;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Smtp;

/// <summary>SMTP on the smtp, submission and submissions endpoints (the endpoint feature tells them apart).</summary>
internal sealed class SmtpProtocolHandler : IMailProtocolHandler
{
    private readonly SmtpServices _services;

    public SmtpProtocolHandler(SmtpServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        TooBusyReply = Encoding.UTF8.GetBytes("421 4.7.0 " + services.Options.HostName + " Too many connections, try again later\r\n");
    }

    public MailProtocol Protocol => MailProtocol.Smtp;

    public ReadOnlyMemory<byte> TooBusyReply { get; }

    public Task OnConnectedAsync(ConnectionContext connection) => new SmtpSession(connection, _services, lmtp: false).RunAsync();
}
