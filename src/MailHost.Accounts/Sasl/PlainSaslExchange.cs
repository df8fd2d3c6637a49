namespace MailHost.Accounts.Sasl;

/// <summary>
/// RFC 4616 PLAIN: <c>[authzid] NUL authcid NUL passwd</c>. Acting as another user (an authzid naming someone else) is
/// refused as Malformed: we have no administrators who may impersonate.
/// </summary>
internal sealed class PlainSaslExchange(IAddressCanonicalizer canonicalizer) : ISaslExchange
{
    private bool _done;

    public SaslStep Start(ReadOnlySpan<byte> initialResponse, bool hasInitialResponse) =>
        hasInitialResponse ? Continue(initialResponse) : SaslText.Challenge(ReadOnlyMemory<byte>.Empty);

    public SaslStep Continue(ReadOnlySpan<byte> response)
    {
        if (_done)
        {
            return SaslText.Malformed();
        }

        _done = true;
        var first = response.IndexOf((byte)0);
        if (first < 0)
        {
            return SaslText.Malformed();
        }

        var rest = response[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second < 0)
        {
            return SaslText.Malformed();
        }

        var authzidBytes = response[..first];
        var authcidBytes = rest[..second];
        var passwordBytes = rest[(second + 1)..];
        if (authcidBytes.IsEmpty || passwordBytes.IsEmpty
            || !SaslText.TryDecode(authzidBytes, out var authzid)
            || !SaslText.TryDecode(authcidBytes, out var authcid)
            || !SaslText.TryDecode(passwordBytes, out var password))
        {
            return SaslText.Malformed();
        }

        if (authzid.Length > 0 && !SameUser(authzid, authcid))
        {
            return SaslText.Malformed();
        }

        return SaslText.Credentials(authcid, password);
    }

    private bool SameUser(string authzid, string authcid)
    {
        if (canonicalizer.TryCanonicalize(authzid, out var a, out _) && canonicalizer.TryCanonicalize(authcid, out var b, out _))
        {
            return a == b;
        }

        return string.Equals(authzid, authcid, StringComparison.Ordinal);
    }
}
