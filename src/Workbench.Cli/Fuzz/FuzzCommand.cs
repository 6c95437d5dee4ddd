// workbench fuzz: random programs against the kernel model with the invariant checker after every call; failures
// shrunk to regression scenarios (Workbench.Scenarios.FuzzCampaign). Options: FuzzOptions.
using System.Globalization;
using Workbench.Scenarios;

namespace Workbench.Cli.Fuzz;

/// <summary><c>fuzz [--calls N | --seconds S] [--seed S] ...</c>.</summary>
public sealed class FuzzCommand : ICommand
{
    public string Name => "fuzz";
    public string Summary => "fuzz the model: random and hostile calls, corpus mutations, failures shrunk to datasets/regressions (exit 0 none, 1 found, 2 bad options)";

    public int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var o = FuzzOptions.Parse(args, out var error, out bool help);
        if (help) { stdout.Write(FuzzOptions.Usage); return 0; }
        if (o is null)
        {
            stderr.WriteLine(error);
            stderr.WriteLine("Run 'workbench fuzz --help' for the options.");
            return 2;
        }
        Action<FuzzProgress>? progress = o.Quiet ? null : p => stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: calls={p.Calls} calls/s={p.Calls / p.Seconds:F0} programs={p.Programs} failures={p.Failures}"));
        var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var r = FuzzCampaign.Run(o, progress, stderr.WriteLine);
        double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        foreach (var f in r.Findings)
        {
            stdout.WriteLine($"failure (program seed {f.Seed}): {f.Failure}");
            if (f.Path is not null)
                stdout.WriteLine($"  shrunk from {f.OriginalLines} to {f.Lines.Count} lines: workbench replay --seed {f.Seed} {f.Path}");
            else
                stderr.WriteLine($"workbench fuzz: {f.WriteError}");
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz seed={o.Seed} calls={r.Calls} programs={r.Programs} corpus={r.CorpusFiles} failures={r.Failures} distinct={r.Findings.Count} " +
            $"seconds={r.Seconds:F1} calls_per_sec={r.Calls / Math.Max(r.Seconds, 1e-9):F0} cpu_seconds={cpu:F1} " +
            $"calls_per_cpu_sec={r.Calls / Math.Max(cpu, 1e-9):F0} load1={Bench.ReplayBench.Load()}"));
        return r.Failures > 0 ? 1 : 0;
    }
}
