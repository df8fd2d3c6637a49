namespace MailHost.Accounts;

/// <summary>One server-side SASL exchange (PLAIN, LOGIN). Base64 framing and "*" cancel belong to the protocol.</summary>
public interface ISaslExchange
{
    /// <summary>First step; <paramref name="initialResponse"/> is the decoded SASL-IR / AUTH initial response, or null when none was sent.</summary>
    SaslStep Start(ReadOnlySpan<byte> initialResponse, bool hasInitialResponse);

    SaslStep Continue(ReadOnlySpan<byte> response);
}
