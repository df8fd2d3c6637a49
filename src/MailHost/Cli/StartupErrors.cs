using Microsoft.Extensions.Options;

namespace MailHost.Cli;

/// <summary>Turns a start-up failure into the one-line messages an operator reads (no stack traces): validation failures name their key.</summary>
internal static class StartupErrors
{
    public static IReadOnlyList<string> Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var lines = new List<string>();
        Collect(exception, lines);
        return lines.Distinct(StringComparer.Ordinal).ToList();
    }

    public static void Write(TextWriter error, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var line in Describe(exception))
        {
            error.WriteLine($"mailhost: {line}");
        }
    }

    private static void Collect(Exception exception, List<string> lines)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                lines.AddRange(validation.Failures.Select(f => $"invalid configuration: {OneLine(f)}"));
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, lines);
                }

                break;
            case InvalidOperationException when exception.InnerException is FormatException or OverflowException or ArgumentException:
                // The configuration binder's "Failed to convert configuration value at 'Endpoints:imap:Port' to type …".
                lines.Add($"invalid configuration: {OneLine(exception.Message)}");
                break;
            default:
                lines.Add(OneLine(exception.Message));
                break;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
