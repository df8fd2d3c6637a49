using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace MailHost.Accounts;

/// <summary>
/// RFC 5321/6531 addresses to one spelling: domain via IDNA to its Unicode form (lower case, NFC), local part NFC and
/// lower case unless configured case-sensitive. Quoted local parts that are valid dot-atoms lose their quotes.
/// </summary>
internal sealed class AddressCanonicalizer : IAddressCanonicalizer
{
    private const int MaxLocalPartOctets = 64;
    private const int MaxAddressOctets = 254;
    private const int MaxDomainAsciiLength = 253;

    // Anything longer cannot canonicalise below 254 octets; refuse before normalisation does work on hostile input.
    private const int MaxInputChars = 1024;

    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    private readonly bool _localPartCaseSensitive;

    public AddressCanonicalizer(IOptions<AccountsOptions> options)
        : this(options.Value.LocalPartCaseSensitive)
    {
    }

    internal AddressCanonicalizer(bool localPartCaseSensitive) => _localPartCaseSensitive = localPartCaseSensitive;

    public bool TryCanonicalize(string address, [NotNullWhen(true)] out MailUser? canonical, [NotNullWhen(false)] out string? error)
    {
        canonical = null;
        if (string.IsNullOrEmpty(address))
        {
            error = "empty address";
            return false;
        }

        if (address.Length > MaxInputChars)
        {
            error = $"address longer than {MaxAddressOctets} octets";
            return false;
        }

        error = CheckCharacters(address);
        if (error is not null)
        {
            return false;
        }

        if (!TrySplit(address, out var local, out var domainPart, out var quoted, out error))
        {
            return false;
        }

        if (!TryCanonicalizeLocalPart(local, quoted, out var canonicalLocal, out error)
            || !TryCanonicalizeDomain(domainPart, out var canonicalDomain, out error))
        {
            return false;
        }

        if (Encoding.UTF8.GetByteCount(canonicalLocal) + 1 + Encoding.UTF8.GetByteCount(canonicalDomain) > MaxAddressOctets)
        {
            error = $"address longer than {MaxAddressOctets} octets";
            return false;
        }

        canonical = new MailUser(canonicalLocal, canonicalDomain);
        return true;
    }

    /// <summary>Domain alone (local domain lists, catch-all keys, <see cref="IRecipientResolver.IsLocalDomain"/>).</summary>
    internal bool TryCanonicalizeDomain(string domain, [NotNullWhen(true)] out string? canonical, [NotNullWhen(false)] out string? error)
    {
        canonical = null;
        if (string.IsNullOrEmpty(domain))
        {
            error = "empty domain";
            return false;
        }

        if (domain.Length > MaxInputChars || CheckCharacters(domain) is not null)
        {
            error = "malformed domain";
            return false;
        }

        if (domain[0] == '[')
        {
            error = "address literals are not supported";
            return false;
        }

        if (domain[^1] == '.' || domain[0] == '.')
        {
            error = "malformed domain";
            return false;
        }

        string ascii;
        string unicode;
        try
        {
            var idn = new IdnMapping { UseStd3AsciiRules = true, AllowUnassigned = false };
            ascii = idn.GetAscii(domain.Normalize(NormalizationForm.FormC)).ToLowerInvariant();
            unicode = idn.GetUnicode(ascii);
        }
        catch (ArgumentException)
        {
            // IdnMapping reports every IDNA/STD3 violation (bad label, bad character, empty label) this way.
            error = "malformed domain";
            return false;
        }

        if (ascii.Length > MaxDomainAsciiLength)
        {
            error = "domain too long";
            return false;
        }

        canonical = unicode.ToLowerInvariant().Normalize(NormalizationForm.FormC);
        error = null;
        return true;
    }

    private static string? CheckCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                return "control character in address";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "invalid Unicode in address";
            }
        }

        return null;
    }

    private static bool TrySplit(string address, out string local, out string domain, out bool quoted, [NotNullWhen(false)] out string? error)
    {
        local = domain = string.Empty;
        quoted = address[0] == '"';
        int at;
        if (quoted)
        {
            var builder = new StringBuilder();
            var i = 1;
            for (; i < address.Length && address[i] != '"'; i++)
            {
                if (address[i] == '\\')
                {
                    i++;
                    if (i == address.Length)
                    {
                        break;
                    }
                }

                builder.Append(address[i]);
            }

            if (i >= address.Length)
            {
                error = "unterminated quoted local part";
                return false;
            }

            at = i + 1;
            if (at >= address.Length || address[at] != '@')
            {
                error = "malformed quoted local part";
                return false;
            }

            local = builder.ToString();
        }
        else
        {
            at = address.IndexOf('@', StringComparison.Ordinal);
            if (at < 0)
            {
                error = "missing @";
                return false;
            }

            local = address[..at];
        }

        if (address.IndexOf('@', at + 1) >= 0)
        {
            error = "more than one @";
            return false;
        }

        domain = address[(at + 1)..];
        if (local.Length == 0)
        {
            error = "empty local part";
            return false;
        }

        if (domain.Length == 0)
        {
            error = "empty domain";
            return false;
        }

        error = null;
        return true;
    }

    private bool TryCanonicalizeLocalPart(string local, bool quoted, out string canonical, [NotNullWhen(false)] out string? error)
    {
        canonical = local.Normalize(NormalizationForm.FormC);
        if (!_localPartCaseSensitive)
        {
            canonical = canonical.ToLowerInvariant().Normalize(NormalizationForm.FormC);
        }

        // The local part becomes a Maildir folder name; separators would let an address escape its domain folder.
        if (canonical.Contains('/', StringComparison.Ordinal) || canonical.Contains('\\', StringComparison.Ordinal))
        {
            error = "path separator in local part";
            return false;
        }

        if (!IsDotAtom(canonical))
        {
            if (!quoted)
            {
                error = "malformed local part";
                return false;
            }

            canonical = "\"" + canonical.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }

        if (Encoding.UTF8.GetByteCount(canonical) > MaxLocalPartOctets)
        {
            error = $"local part longer than {MaxLocalPartOctets} octets";
            return false;
        }

        error = null;
        return true;
    }

    private static bool IsDotAtom(string text)
    {
        if (text.Length == 0 || text[0] == '.' || text[^1] == '.')
        {
            return false;
        }

        var previousDot = false;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (previousDot)
                {
                    return false;
                }

                previousDot = true;
                continue;
            }

            previousDot = false;
            if (c >= 0x80 ? char.IsWhiteSpace(c) : !(char.IsAsciiLetterOrDigit(c) || AtextSpecials.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
