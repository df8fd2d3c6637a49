using System.Text;

namespace MailHost.Cli;

/// <summary>Gets a password either as one line of standard input (<c>--password-stdin</c>) or from a prompt that does not echo.</summary>
internal static class PasswordReader
{
    public static async Task<(string? Password, string? Error)> ReadAsync(CliConsole console, bool fromStandardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (fromStandardInput)
        {
            var line = await console.Input.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return (null, "no password on standard input");
            }

            line = line.TrimEnd('\r', '\n');
            return line.Length == 0 ? (null, "the password is empty") : (line, null);
        }

        if (!console.IsInteractive)
        {
            return (null, "standard input is not a terminal; pass the password with --password-stdin");
        }

        var first = Prompt(console, "Password: ");
        if (first.Length == 0)
        {
            return (null, "the password is empty");
        }

        var second = Prompt(console, "Repeat password: ");
        return string.Equals(first, second, StringComparison.Ordinal) ? (first, null) : (null, "the passwords do not match");
    }

    private static string Prompt(CliConsole console, string prompt)
    {
        console.Error.Write(prompt);
        console.Error.Flush();
        var password = new StringBuilder();
        while (true)
        {
            var key = console.ReadHiddenKey();
            if (key.Key == ConsoleKey.Enter)
            {
                console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
