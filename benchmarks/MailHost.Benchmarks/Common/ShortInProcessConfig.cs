using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MailHost.Benchmarks.Common;

/// <summary>
/// The configuration every benchmark runs under: a short job (1 launch, 3 warm-up, 3 measured iterations) so the whole
/// suite fits in minutes on a 2-core machine, and the memory diagnoser so "0 B allocated" is measured, not claimed.
/// In-process: the generated out-of-process project would pick up the repository's Directory.Build.props (warnings as
/// errors over generated code) and would not carry our runtime configuration (System.IO.DisableFileLocking), which the
/// store benchmarks must run with to measure what the daemon does.
/// </summary>
internal static class ShortInProcessConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess").AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default);
}
