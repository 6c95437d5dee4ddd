// Benchmarks for Workbench.Analysis (issue 4's done-when numbers). Examples:
//   dotnet run -c Release --project tests/Workbench.Benchmarks -- --filter '*'
//   dotnet run -c Release --project tests/Workbench.Benchmarks -- --filter '*Recording*'
//   dotnet run -c Release --project tests/Workbench.Benchmarks -- paired 40
// "paired" alternates recording-off and recording-on runs of the same workload and reports the median of the
// per-pair ratios: on a machine shared with other jobs, load drifts between BenchmarkDotNet's separate blocks of
// iterations, and pairing cancels most of it.
using BenchmarkDotNet.Running;
using Workbench.Benchmarks;

if (args.Length > 0 && args[0] == "paired")
    return PairedRecording.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40);
BenchmarkSwitcher.FromAssembly(typeof(RecordingBenchmarks).Assembly).Run(args);
return 0;
