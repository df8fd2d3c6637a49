using Microsoft.Extensions.Configuration;

namespace MailHost.Hosting;

/// <summary>
/// Builds the configuration in the documented order (later wins): <c>appsettings.json</c> beside the executable,
/// <c>&lt;Data&gt;/mailhost.json</c>, environment variables prefixed <c>MAILHOST_</c> (<c>__</c> nests), then
/// <c>--Key=Value</c> arguments. <c>Data</c> is resolved to an absolute path first (from every source but
/// mailhost.json, which lives inside it) and written back so every component sees the same absolute folder.
/// </summary>
internal static class MailHostConfiguration
{
    public const string EnvironmentPrefix = "MAILHOST_";
    public const string SettingsFileName = "appsettings.json";
    public const string DataSettingsFileName = "mailhost.json";
    public const string DefaultData = "./data";

    public static ConfigurationManager Build(MailHostEnvironment environment, IReadOnlyList<string> configurationArgs)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configurationArgs);

        var environmentValues = EnvironmentValues(environment.Variables);
        var dataFolder = ResolveData(environment, environmentValues, configurationArgs);

        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(Path.Combine(environment.BaseDirectory, SettingsFileName), optional: true, reloadOnChange: false);
        configuration.AddJsonFile(Path.Combine(dataFolder, DataSettingsFileName), optional: true, reloadOnChange: false);
        configuration.AddInMemoryCollection(environmentValues);
        configuration.AddCommandLine(configurationArgs.ToArray());

        var resolved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [MailHostOptions.DataKey] = dataFolder };
        if (string.IsNullOrWhiteSpace(configuration[MailHostOptions.HostNameKey]))
        {
            resolved[MailHostOptions.HostNameKey] = Environment.MachineName;
        }

        configuration.AddInMemoryCollection(resolved);
        return configuration;
    }

    /// <summary>The same mapping as the environment-variables provider (prefix stripped, <c>__</c> → <c>:</c>), over an injectable dictionary.</summary>
    internal static Dictionary<string, string?> EnvironmentValues(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            if (name.Length > EnvironmentPrefix.Length && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                values[name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }
        }

        return values;
    }

    private static string ResolveData(MailHostEnvironment environment, Dictionary<string, string?> environmentValues, IReadOnlyList<string> configurationArgs)
    {
        var early = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(environment.BaseDirectory, SettingsFileName), optional: true, reloadOnChange: false)
            .AddInMemoryCollection(environmentValues)
            .AddCommandLine(configurationArgs.ToArray())
            .Build();
        var data = early[MailHostOptions.DataKey];
        if (string.IsNullOrWhiteSpace(data))
        {
            data = DefaultData;
        }

        return Path.GetFullPath(data, environment.CurrentDirectory);
    }
}
