using MailHost.Connections;

namespace MailHost.Imap.Tests.Fakes;

/// <summary>Writes the ready reply and pretends the handshake happened (the transport stays the same in-memory pipe).</summary>
internal sealed class FakeStartTlsFeature : IStartTlsFeature
{
    private readonly TestConnection _connection;

    public FakeStartTlsFeature(TestConnection connection)
    {
        _connection = connection;
    }

    public bool IsAvailable => !_connection.Security.IsSecure;

    public StartTlsOutcome NextOutcome { get; set; } = StartTlsOutcome.Upgraded;

    public async ValueTask<StartTlsOutcome> UpgradeAsync(ReadOnlyMemory<byte> readyReply, CancellationToken cancellationToken)
    {
        if (NextOutcome == StartTlsOutcome.Upgraded)
        {
            await _connection.Context.Transport.Output.WriteAsync(readyReply, cancellationToken);
            _connection.Security.IsSecure = true;
        }

        return NextOutcome;
    }
}
