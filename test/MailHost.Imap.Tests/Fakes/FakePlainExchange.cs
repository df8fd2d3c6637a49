using System.Text;
using MailHost.Accounts;

namespace MailHost.Imap.Tests.Fakes;

/// <summary>SASL PLAIN (RFC 4616): authzid NUL authcid NUL password.</summary>
internal sealed class FakePlainExchange : ISaslExchange
{
    public SaslStep Start(ReadOnlySpan<byte> initialResponse, bool hasInitialResponse) =>
        hasInitialResponse ? Continue(initialResponse) : new SaslStep(SaslStepKind.Challenge, ReadOnlyMemory<byte>.Empty, null, null);

    public SaslStep Continue(ReadOnlySpan<byte> response)
    {
        var parts = Encoding.UTF8.GetString(response).Split('\0');
        return parts.Length == 3
            ? new SaslStep(SaslStepKind.Credentials, ReadOnlyMemory<byte>.Empty, parts[1], parts[2])
            : new SaslStep(SaslStepKind.Malformed, ReadOnlyMemory<byte>.Empty, null, null);
    }
}
