using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Configuration;

/// <summary>Checks the raw <c>Endpoints</c> section (so every message can name the exact key) and the merged result for clashes.</summary>
internal sealed class EndpointsOptionsValidator(IConfiguration configuration) : IValidateOptions<EndpointsOptions>
{
    public ValidateOptionsResult Validate(string? name, EndpointsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var root = configuration.GetSection(KnownEndpoints.SectionName);

        foreach (var child in root.GetChildren())
        {
            if (KnownEndpoints.Find(child.Key) is null)
            {
                failures.Add($"{child.Path}: unknown endpoint name '{child.Key}'; known names are {string.Join(", ", KnownEndpoints.All.Select(e => e.Name))}.");
            }
        }

        foreach (var known in KnownEndpoints.All)
        {
            ValidateRaw(root.GetSection(known.Name), failures);
        }

        ValidateBindings(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateRaw(IConfigurationSection section, List<string> failures)
    {
        var enabled = section.GetSection("Enabled");
        if (enabled.Value is { } enabledText && !bool.TryParse(enabledText, out _))
        {
            failures.Add($"{enabled.Path}: '{enabledText}' is not true or false.");
        }

        var port = section.GetSection("Port");
        if (port.Value is { } portText
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > IPEndPoint.MaxPort))
        {
            failures.Add($"{port.Path}: '{portText}' is not a port number (0-65535; 0 picks a free port).");
        }

        var list = section.GetSection("Addresses").GetChildren().ToList();
        var addresses = list.Count > 0 ? list : [section.GetSection("Address")];
        foreach (var address in addresses)
        {
            if (address.Value is { } addressText && !EndpointAddressParser.TryParse(addressText, out _))
            {
                failures.Add($"{address.Path}: '{addressText}' is not an IP address (use 127.0.0.1, 0.0.0.0, :: or another literal address).");
            }
        }
    }

    private static void ValidateBindings(EndpointsOptions options, List<string> failures)
    {
        var taken = new List<(IPAddress Address, int Port, string Owner)>();
        foreach (var endpoint in options.Endpoints.Where(e => e.Enabled))
        {
            var key = $"{KnownEndpoints.SectionName}:{endpoint.Definition.Name}";
            foreach (var address in endpoint.Addresses)
            {
                // Port 0 asks the OS for a fresh port on every bind, so it can never clash.
                var clash = endpoint.Port == 0
                    ? default
                    : taken.FirstOrDefault(t => t.Port == endpoint.Port && Overlaps(t.Address, address));
                if (clash.Owner is not null)
                {
                    failures.Add($"{key}:Port: {new IPEndPoint(address, endpoint.Port)} is already bound by {clash.Owner}.");
                }

                taken.Add((address, endpoint.Port, key));
            }
        }
    }

    /// <summary>True when binding both addresses on one port would fail: equal, or one is a wildcard covering the other.</summary>
    private static bool Overlaps(IPAddress a, IPAddress b)
    {
        if (a.Equals(b) || a.Equals(IPAddress.IPv6Any) || b.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        return (a.Equals(IPAddress.Any) && b.AddressFamily == AddressFamily.InterNetwork)
            || (b.Equals(IPAddress.Any) && a.AddressFamily == AddressFamily.InterNetwork);
    }
}
