using System.Globalization;
using System.Text;

namespace MailHost.Store.Maildir;

/// <summary>
/// The one mapping between API mailbox names (UTF-8, "/" hierarchy, "INBOX" case-insensitive) and Maildir++ directory
/// names (".A.B", modified UTF-7, components escaped the way Dovecot's storage escape does: "%" plus two hex digits).
/// </summary>
internal static class MailboxNameCodec
{
    public const string Inbox = "INBOX";
    public const int MaxNameLength = 255;
    private const char EscapeChar = '%';

    private static readonly string[] DeviceNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    public static bool IsInbox(string name) => string.Equals(name, Inbox, StringComparison.OrdinalIgnoreCase);

    /// <summary>Validates a name and returns its canonical form ("INBOX" prefix normalised) and its directory name ("" for INBOX).</summary>
    public static StoreStatus TryEncode(string? name, out string canonicalName, out string directoryName)
    {
        canonicalName = string.Empty;
        directoryName = string.Empty;
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name[0] == '/')
        {
            return StoreStatus.InvalidName;
        }

        var components = name.Split('/');
        if (IsInbox(components[0]))
        {
            components[0] = Inbox;
        }

        var directory = new StringBuilder(name.Length + 8);
        foreach (var component in components)
        {
            if (!IsValidComponent(component))
            {
                return StoreStatus.InvalidName;
            }

            directory.Append('.');
            AppendEscaped(directory, ModifiedUtf7.Encode(component));
        }

        canonicalName = string.Join('/', components);
        if (canonicalName == Inbox)
        {
            return StoreStatus.Ok;
        }

        if (directory.Length > MaxNameLength)
        {
            return StoreStatus.InvalidName;
        }

        directoryName = directory.ToString();
        return StoreStatus.Ok;
    }

    /// <summary>Maps a Maildir++ directory name (".A.B") back to an API name; null if it is not a folder name we can represent.</summary>
    public static string? TryDecode(string directoryName)
    {
        if (directoryName.Length < 2 || directoryName[0] != '.' || directoryName[1] == '.')
        {
            return null;
        }

        var parts = directoryName[1..].Split('.');
        var components = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var unescaped = Unescape(parts[i]);
            if (unescaped.Length == 0 || !ModifiedUtf7.TryDecode(unescaped, out var decoded))
            {
                return null;
            }

            components[i] = i == 0 && IsInbox(decoded) ? Inbox : decoded;
        }

        return string.Join('/', components);
    }

    private static bool IsValidComponent(string component)
    {
        if (component.Length == 0 || component is "." or "..")
        {
            return false;
        }

        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (char.IsControl(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= component.Length || !char.IsLowSurrogate(component[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        var stem = component;
        var dot = stem.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            stem = stem[..dot];
        }

        stem = stem.TrimEnd(' ');
        foreach (var device in DeviceNames)
        {
            if (string.Equals(stem, device, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendEscaped(StringBuilder builder, string encoded)
    {
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            var mustEscape = c is EscapeChar or '.' or '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|'
                || (c == ' ' && i == encoded.Length - 1);
            if (mustEscape)
            {
                builder.Append(EscapeChar).Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
    }

    private static string Unescape(string part)
    {
        if (part.IndexOf(EscapeChar, StringComparison.Ordinal) < 0)
        {
            return part;
        }

        var builder = new StringBuilder(part.Length);
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] != EscapeChar)
            {
                builder.Append(part[i]);
                continue;
            }

            // Dovecot without an escape character configured stores "%" literally: keep what is not an escape.
            if (i + 2 < part.Length && byte.TryParse(part.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                builder.Append((char)value);
                i += 2;
            }
            else
            {
                builder.Append(part[i]);
            }
        }

        return builder.ToString();
    }
}
