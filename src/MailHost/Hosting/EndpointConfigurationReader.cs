using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace MailHost.Hosting;

/// <summary>
/// Reads <c>Endpoints:&lt;name&gt;:Enabled|Address|Addresses|Port</c> for <c>check</c>, <c>health</c> and the start-up log,
/// and reports every mistake as a message naming the key (the listener applies the same keys when it binds).
/// </summary>
internal static class EndpointConfigurationReader
{
    public const string SectionName = "Endpoints";

    public static IReadOnlyList<EffectiveEndpoint> Read(IConfiguration configuration, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var section = configuration.GetSection(SectionName);
        foreach (var child in section.GetChildren())
        {
            if (!EndpointDefinition.All.Any(d => string.Equals(d.Name, child.Key, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{SectionName}:{child.Key} is not a known endpoint (known: {string.Join(", ", EndpointDefinition.All.Select(d => d.Name))}).");
            }
        }

        var endpoints = new List<EffectiveEndpoint>(EndpointDefinition.All.Count);
        foreach (var definition in EndpointDefinition.All)
        {
            endpoints.Add(ReadOne(section.GetSection(definition.Name), definition, problems));
        }

        errors = problems;
        return endpoints;
    }

    private static EffectiveEndpoint ReadOne(IConfigurationSection section, EndpointDefinition definition, List<string> problems)
    {
        var prefix = $"{SectionName}:{definition.Name}";
        var enabled = definition.EnabledByDefault;
        var enabledText = section["Enabled"];
        if (!string.IsNullOrWhiteSpace(enabledText) && !bool.TryParse(enabledText, out enabled))
        {
            problems.Add($"{prefix}:Enabled must be true or false (got '{enabledText}').");
        }

        var port = definition.DefaultPort;
        var portText = section["Port"];
        if (!string.IsNullOrWhiteSpace(portText)
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > IPEndPoint.MaxPort))
        {
            problems.Add($"{prefix}:Port must be a port number from 0 to {IPEndPoint.MaxPort} (got '{portText}').");
        }

        var addresses = new List<string>();
        var list = section.GetSection("Addresses").GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        if (list.Count > 0)
        {
            for (var i = 0; i < list.Count; i++)
            {
                AddAddress(addresses, list[i]!.Trim(), $"{prefix}:Addresses:{i}", problems);
            }
        }
        else
        {
            var single = section["Address"];
            AddAddress(addresses, string.IsNullOrWhiteSpace(single) ? EndpointDefinition.DefaultAddress : single.Trim(), $"{prefix}:Address", problems);
        }

        return new EffectiveEndpoint(definition.Name, definition.Protocol, definition.Security, enabled, addresses, port);
    }

    private static void AddAddress(List<string> addresses, string value, string key, List<string> problems)
    {
        if (IPAddress.TryParse(value, out _) || string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            addresses.Add(value);
        }
        else
        {
            problems.Add($"{key} must be an IP address such as 127.0.0.1, 0.0.0.0 or :: (got '{value}').");
        }
    }
}
