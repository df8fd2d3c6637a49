using System.Diagnostics.CodeAnalysis;
using MailHost.Accounts;

namespace MailHost.Imap.Tests.Fakes;

internal sealed class FakeSaslMechanisms : ISaslMechanisms
{
    public IReadOnlyList<string> Names { get; } = ["PLAIN"];

    public bool TryCreate(ReadOnlySpan<byte> mechanismName, [NotNullWhen(true)] out ISaslExchange? exchange)
    {
        exchange = System.Text.Ascii.EqualsIgnoreCase(mechanismName, "PLAIN"u8) ? new FakePlainExchange() : null;
        return exchange is not null;
    }
}
