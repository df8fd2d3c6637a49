using BenchmarkDotNet.Running;
using MailHost.Benchmarks.Common;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ShortInProcessConfig.Create());
