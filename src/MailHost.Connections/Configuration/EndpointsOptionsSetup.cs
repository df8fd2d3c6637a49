using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Configuration;

/// <summary>
/// Reads <c>Endpoints:&lt;name&gt;</c> by hand rather than through the binder: a malformed value must become a validation
/// failure naming its key (reported by <see cref="EndpointsOptionsValidator"/>), not a binder exception.
/// </summary>
internal sealed class EndpointsOptionsSetup(IConfiguration configuration) : IConfigureOptions<EndpointsOptions>
{
    public void Configure(EndpointsOptions options)
    {
        var root = configuration.GetSection(KnownEndpoints.SectionName);
        foreach (var known in KnownEndpoints.All)
        {
            var section = root.GetSection(known.Name);
            var endpoint = new EndpointOptions
            {
                Definition = known,
                Enabled = bool.TryParse(section["Enabled"], out var enabled) ? enabled : known.EnabledByDefault,
                Port = int.TryParse(section["Port"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : known.DefaultPort,
            };

            foreach (var text in AddressValues(section))
            {
                if (EndpointAddressParser.TryParse(text, out var address))
                {
                    endpoint.Addresses.Add(address);
                }
            }

            if (endpoint.Addresses.Count == 0)
            {
                endpoint.Addresses.Add(IPAddress.Loopback);
            }

            options.Endpoints.Add(endpoint);
        }
    }

    /// <summary><c>Addresses</c> (a list) wins over <c>Address</c> (one value).</summary>
    internal static IEnumerable<string?> AddressValues(IConfigurationSection section)
    {
        var list = section.GetSection("Addresses").GetChildren().Select(child => child.Value).ToList();
        if (list.Count > 0)
        {
            return list;
        }

        var single = section["Address"];
        return single is null ? [] : [single];
    }
}
