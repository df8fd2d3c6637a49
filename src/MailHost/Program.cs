using MailHost.Cli;
using MailHost.Hosting;

var commandLine = new MailHostCommandLine(CliConsole.FromProcess(), MailHostEnvironment.FromProcess());
return await commandLine.InvokeAsync(args, CancellationToken.None);
