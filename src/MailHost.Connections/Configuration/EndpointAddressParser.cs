using System.Net;

namespace MailHost.Connections.Configuration;

/// <summary>Turns an <c>Address</c> value into an IP address; shared by the options setup and the validator so both agree.</summary>
internal static class EndpointAddressParser
{
    public static bool TryParse(string? value, out IPAddress address)
    {
        var text = value?.Trim();
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        if (text is { Length: > 0 } && IPAddress.TryParse(text.Trim('[', ']'), out var parsed))
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }
}
