using System.Diagnostics;

namespace MailHost.EndToEnd.Tests.Support;

/// <summary>
/// The real built daemon: <c>mailhost.dll</c> is copied into this test project's output (it references the executable
/// project) and run with the same <c>dotnet</c> host that runs the tests, so no publish step is needed.
/// </summary>
public static class MailHostExecutable
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "mailhost.dll");

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for test runs).</summary>
    public static string DotnetPath { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>A start description with a hermetic environment: inherited <c>MAILHOST_*</c> variables are removed.</summary>
    public static ProcessStartInfo CreateStartInfo(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo(DotnetPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MAILHOST_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs one CLI command to completion (e.g. <c>users add</c>, <c>check</c>, <c>health</c>), writing <paramref name="standardInput"/> first.</summary>
    public static async Task<ProcessResult> RunAsync(
        string workingDirectory,
        IEnumerable<string> args,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        using var process = Process.Start(CreateStartInfo(workingDirectory, args, environment))
            ?? throw new InvalidOperationException("could not start mailhost");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Asks a process to stop the way a container runtime does: SIGTERM (there is no portable equivalent on Windows, so it is killed there).</summary>
    public static async Task SendTerminateAsync(Process process, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (OperatingSystem.IsWindows())
        {
            process.Kill(entireProcessTree: true);
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        await kill.WaitForExitAsync(cancellationToken);
    }
}
