// Benchmarks for Workbench.Analysis (issue 4's done-when numbers). Examples:
//   dotnet run -c Release --project tests/Workbench.Benchmarks -- --filter '*'
//   dotnet run -c Release --project tests/Workbench.Benchmarks -- --filter '*Recording*'
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Workbench.Benchmarks.RecordingBenchmarks).Assembly).Run(args);
