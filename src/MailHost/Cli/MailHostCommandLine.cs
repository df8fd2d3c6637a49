using System.CommandLine;
using MailHost.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Cli;

/// <summary>
/// The command tree: <c>serve</c> (default), <c>users add|passwd|remove|list</c>, <c>check</c>, <c>health</c>.
/// <c>--Key=Value</c> tokens anywhere on the line are configuration, for every verb.
/// </summary>
internal sealed class MailHostCommandLine(CliConsole console, MailHostEnvironment environment, Action<IServiceCollection>? configureServices = null)
{
    public async Task<int> InvokeAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (commandTokens, configurationTokens) = ConfigurationArguments.Split(args);
        var verbs = new MailHostVerbs(console, environment, configurationTokens, configureServices);
        var root = BuildCommand(verbs);
        var parsed = root.Parse(commandTokens);
        var invocation = new InvocationConfiguration
        {
            Output = console.Output,
            Error = console.Error,
            // The generic host's console lifetime owns SIGTERM/Ctrl-C (drain, then exit 0); System.CommandLine must not race it.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await console.Error.WriteLineAsync($"mailhost: {error.Message} (see 'mailhost --help')");
            }

            return 1;
        }

        return await parsed.InvokeAsync(invocation, cancellationToken);
    }

    internal static RootCommand BuildCommand(MailHostVerbs verbs)
    {
        var root = new RootCommand("MailHost: IMAP, SMTP and LMTP over one Maildir store. Any --Key=Value token overrides configuration.");
        var serve = new Command("serve", "Run the daemon (the default when no verb is given).");
        serve.SetAction((_, ct) => verbs.ServeAsync(ct));
        root.SetAction((_, ct) => verbs.ServeAsync(ct));
        root.Subcommands.Add(serve);

        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password as one line of standard input instead of prompting." };
        var users = new Command("users", "Manage the users file (<Data>/users).");
        var add = new Command("add", "Add a user.") { AddressArgument(), passwordStdin };
        add.SetAction((r, ct) => verbs.AddUserAsync(r.GetRequiredValue<string>("address"), r.GetValue(passwordStdin), ct));
        var passwd = new Command("passwd", "Change a user's password.") { AddressArgument(), passwordStdin };
        passwd.SetAction((r, ct) => verbs.SetPasswordAsync(r.GetRequiredValue<string>("address"), r.GetValue(passwordStdin), ct));
        var remove = new Command("remove", "Remove a user (the Maildir stays on disk).") { AddressArgument() };
        remove.SetAction((r, ct) => verbs.RemoveUserAsync(r.GetRequiredValue<string>("address"), ct));
        var list = new Command("list", "List users.");
        list.SetAction((_, ct) => verbs.ListUsersAsync(ct));
        users.Subcommands.Add(add);
        users.Subcommands.Add(passwd);
        users.Subcommands.Add(remove);
        users.Subcommands.Add(list);
        root.Subcommands.Add(users);

        var check = new Command("check", "Validate the configuration and print the effective endpoints.");
        check.SetAction((_, ct) => verbs.CheckAsync(ct));
        root.Subcommands.Add(check);

        var health = new Command("health", "Check that every enabled endpoint greets on loopback within 5 s (exit 0 healthy, 1 not).");
        health.SetAction((_, ct) => verbs.HealthAsync(ct));
        root.Subcommands.Add(health);
        return root;
    }

    private static Argument<string> AddressArgument() => new("address") { Description = "The mail address, e.g. alice@example.org." };
}
