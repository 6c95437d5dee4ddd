// workbench fuzz: random programs against the kernel model with the invariant checker after every call; failures
// shrunk to regression scenarios (Workbench.Scenarios.FuzzCampaign, whose FuzzOptions this command fills).
using System.CommandLine;
using System.Globalization;
using Workbench.Scenarios;

namespace Workbench.Cli.Fuzz;

/// <summary><c>fuzz [--calls N | --seconds S] [--seed S] ...</c>.</summary>
public sealed class FuzzCommand : ICliCommand
{
    const string Description = """
        fuzz the model: random and hostile calls, corpus mutations, failures shrunk to datasets/regressions
        A seeded generator (processes, LWPs, forks, execs, exits, vkernel and guest events), every
        call of the system call table with boundary and hostile arguments, and mutations of the corpus scenarios,
        with the invariant checker after every call; after each program every process exits and nothing may be left.
        A failure is shrunk by delta debugging to a minimal .scn written to the regressions folder as
        fuzz-SEED-SLUG.scn, and the command to replay it is printed.
        Exit codes: 0 no failure; 1 a failure was found (shrunk and stored); 2 bad options.
        """;

    public Command Create(CliIo io)
    {
        var calls = CliOptions.Count("--calls", "stop after N calls (default 1000000); deterministic for a seed", 1_000_000);
        calls.DefaultValueFactory = null;
        var seconds = new Option<double?>("--seconds") { Description = "stop after S seconds instead (how many calls depends on the machine)", HelpName = "S" };
        seconds.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is not (> 0 and <= 1e7)) r.AddError("--seconds expects a number of seconds above 0"); });
        var seed = CliOptions.Seed("master seed, decimal or 0x hex; each program's seed is derived from it");
        var corpus = new Option<string>("--corpus") { Description = "scenarios to mutate", HelpName = "DIR", DefaultValueFactory = _ => "datasets/scenarios" };
        var regressions = new Option<string>("--regressions") { Description = "where shrunk failures go", HelpName = "DIR", DefaultValueFactory = _ => "datasets/regressions" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress line on stderr (by default one a second: calls, calls/s, programs, failures)" };
        var command = new Command("fuzz", Description) { calls, seconds, seed, corpus, regressions, quiet };
        command.Validators.Add(r =>
        {
            if (r.GetResult(calls) is not null && r.GetResult(seconds) is not null) r.AddError("give --calls or --seconds, not both");
        });
        command.SetAction(p =>
        {
            var secs = p.GetValue(seconds);
            var o = new FuzzOptions
            {
                Calls = secs is null ? (p.GetResult(calls) is null ? 1_000_000 : p.GetValue(calls)) : null,
                Seconds = secs, Seed = p.GetValue(seed), Corpus = p.GetValue(corpus)!, Regressions = p.GetValue(regressions)!, Quiet = p.GetValue(quiet),
            };
            return Run(o, io.Out, io.Err);
        });
        return command;
    }

    static int Run(FuzzOptions o, TextWriter stdout, TextWriter stderr)
    {
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
