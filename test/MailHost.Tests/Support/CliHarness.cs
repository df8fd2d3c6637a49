using MailHost.Cli;
using MailHost.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Tests.Support;

/// <summary>Runs the real command tree in-process against a temp current directory (so the default ./data is private to the test).</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly TempDirectory directory = new();

    public string CurrentDirectory => directory.Path;

    public string DataFolder => directory.Combine("data");

    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal);

    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public MailHostEnvironment Environment => new(AppContext.BaseDirectory, CurrentDirectory, Variables);

    public async Task<CliRun> RunAsync(string input, params string[] args) => await RunAsync(input, isInteractive: false, keys: null, args);

    public async Task<CliRun> RunAsync(string input, bool isInteractive, Queue<ConsoleKeyInfo>? keys, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var console = new CliConsole(output, error, reader, isInteractive, keys is null ? null : keys.Dequeue);
        var exitCode = await new MailHostCommandLine(console, Environment, ConfigureServices).InvokeAsync(args, CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose() => directory.Dispose();
}
