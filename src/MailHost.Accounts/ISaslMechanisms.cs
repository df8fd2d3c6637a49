using System.Diagnostics.CodeAnalysis;

namespace MailHost.Accounts;

/// <summary>The SASL mechanisms shared by IMAP and SMTP.</summary>
public interface ISaslMechanisms
{
    /// <summary>Mechanism names to advertise, e.g. PLAIN, LOGIN.</summary>
    IReadOnlyList<string> Names { get; }

    bool TryCreate(ReadOnlySpan<byte> mechanismName, [NotNullWhen(true)] out ISaslExchange? exchange);
}
