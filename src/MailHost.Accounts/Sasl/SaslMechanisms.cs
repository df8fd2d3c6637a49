using System.Diagnostics.CodeAnalysis;

namespace MailHost.Accounts.Sasl;

internal sealed class SaslMechanisms(IAddressCanonicalizer canonicalizer) : ISaslMechanisms
{
    public IReadOnlyList<string> Names { get; } = ["PLAIN", "LOGIN"];

    public bool TryCreate(ReadOnlySpan<byte> mechanismName, [NotNullWhen(true)] out ISaslExchange? exchange)
    {
        if (System.Text.Ascii.EqualsIgnoreCase(mechanismName, "PLAIN"u8))
        {
            exchange = new PlainSaslExchange(canonicalizer);
            return true;
        }

        if (System.Text.Ascii.EqualsIgnoreCase(mechanismName, "LOGIN"u8))
        {
            exchange = new LoginSaslExchange();
            return true;
        }

        exchange = null;
        return false;
    }
}
