namespace MailHost.Cli;

/// <summary>
/// Splits the command line into verb tokens and <c>--Key=Value</c> configuration overrides, so that
/// <c>mailhost --Endpoints:imap:Port=10143</c> and <c>mailhost users list --Data=/srv/mail</c> both work:
/// configuration tokens may appear anywhere and are never rejected as unknown options.
/// </summary>
internal static class ConfigurationArguments
{
    public static (string[] CommandTokens, string[] ConfigurationTokens) Split(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = new List<string>(args.Count);
        var configuration = new List<string>();
        foreach (var arg in args)
        {
            if (IsConfigurationToken(arg))
            {
                configuration.Add(arg);
            }
            else
            {
                command.Add(arg);
            }
        }

        return (command.ToArray(), configuration.ToArray());
    }

    /// <summary>True for <c>--Key=Value</c> where Key starts with a letter (the CLI's own options never carry '=').</summary>
    internal static bool IsConfigurationToken(string arg)
    {
        ArgumentNullException.ThrowIfNull(arg);
        return arg.Length > 3
            && arg.StartsWith("--", StringComparison.Ordinal)
            && char.IsAsciiLetter(arg[2])
            && arg.IndexOf('=', 2) > 2;
    }
}
