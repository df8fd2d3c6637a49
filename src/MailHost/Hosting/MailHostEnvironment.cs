using System.Collections;

namespace MailHost.Hosting;

/// <summary>
/// Everything outside the command line that decides the configuration: where the executable is (appsettings.json),
/// the current directory (relative <c>Data</c>) and the environment variables. Tests pass their own.
/// </summary>
internal sealed record MailHostEnvironment(string BaseDirectory, string CurrentDirectory, IReadOnlyDictionary<string, string?> Variables)
{
    public static MailHostEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return new MailHostEnvironment(AppContext.BaseDirectory, Environment.CurrentDirectory, variables);
    }
}
