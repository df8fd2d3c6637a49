namespace MailHost.EndToEnd.Tests.Support;

/// <summary>Reading the daemon's console log (simple formatter, one line per entry).</summary>
public static class DaemonLog
{
    /// <summary>Lines logged at Error or Critical: a client's misbehaviour must never produce one.</summary>
    public static IReadOnlyList<string> ErrorLines(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return [.. output.Split('\n').Where(line => line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal))];
    }
}
