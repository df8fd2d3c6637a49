namespace MailHost.Cli;

/// <summary>The console as the verbs see it; tests pass writers and a reader instead of the process's console.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, TextReader input, bool isInteractive, Func<ConsoleKeyInfo>? readKey = null)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader Input { get; } = input;

    /// <summary>True when a person can type a password at a terminal (stdin not redirected).</summary>
    public bool IsInteractive { get; } = isInteractive;

    /// <summary>Reads one key without echoing it.</summary>
    public ConsoleKeyInfo ReadHiddenKey() =>
        readKey is null ? throw new InvalidOperationException("This console cannot read keys.") : readKey();

    public static CliConsole FromProcess() =>
        new(Console.Out, Console.Error, Console.In, !Console.IsInputRedirected, static () => Console.ReadKey(intercept: true));
}
