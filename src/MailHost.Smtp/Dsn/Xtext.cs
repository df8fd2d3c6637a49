using System.Globalization;
using System.Text;

namespace MailHost.Smtp.Dsn;

/// <summary>RFC 3461 §4 xtext: "+XX" hex escapes for ENVID and ORCPT values.</summary>
internal static class Xtext
{
    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('+', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '+' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b)
                && b is >= 33 and <= 126)
            {
                builder.Append((char)b);
                i += 2;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }
}
