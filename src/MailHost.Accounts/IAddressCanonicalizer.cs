using System.Diagnostics.CodeAnalysis;

namespace MailHost.Accounts;

/// <summary>
/// Addresses are canonicalised once, everywhere (users file, SASL, SMTP recipients): domain case-insensitive and IDNA
/// <c>xn--</c> equivalent to its Unicode form (canonical form is the Unicode form, lower case), local part
/// case-insensitive by default, Unicode NFC.
/// </summary>
public interface IAddressCanonicalizer
{
    bool TryCanonicalize(string address, [NotNullWhen(true)] out MailUser? canonical, [NotNullWhen(false)] out string? error);
}
