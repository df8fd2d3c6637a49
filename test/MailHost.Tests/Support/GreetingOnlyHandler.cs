using MailHost.Connections;
using Microsoft.AspNetCore.Connections;

namespace MailHost.Tests.Support;

/// <summary>A protocol handler that only greets, so in-process host tests do not depend on the real protocol projects.</summary>
internal sealed class GreetingOnlyHandler(MailProtocol protocol) : IMailProtocolHandler
{
    public MailProtocol Protocol { get; } = protocol;

    public ReadOnlyMemory<byte> TooBusyReply { get; } = "421 4.7.0 busy\r\n"u8.ToArray();

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await connection.Transport.Output.WriteAsync("220 test\r\n"u8.ToArray());
    }
}
