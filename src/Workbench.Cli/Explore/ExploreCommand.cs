// workbench explore FILE.scn: every distinct outcome of a concurrent scenario, each with the shortest schedule that
// produces it, and every failure with the replay command that reproduces it (Workbench.Scenarios.Explorer).
using System.Globalization;
using Workbench.Kernel.Vkernel.Designs;
using Workbench.Scenarios;

namespace Workbench.Cli.Explore;

/// <summary><c>explore [--strategy dpor|pct|random] [--preemptions K] [--budget N | --seconds S] [--kernel NAME] FILE</c>.</summary>
public sealed class ExploreCommand : ICommand
{
    public string Name => "explore";
    public string Summary => "explore the schedules of a concurrent scenario: every outcome, every failure with its replay command (exit 0 none, 1 failure, 2 bad input)";

    static string Usage => $"""
        usage: workbench explore [options] FILE.scn

          Runs the script's parallel blocks under many schedules and prints every distinct outcome (the result of
          every call, the census, the invariant verdict and a clean teardown) with its count and the shortest
          schedule that produces it; every failure (model panic, broken invariant, use after free, deadlock, a
          leaked ref at teardown) with the exact 'workbench replay' command that reproduces it.

          --strategy S     dpor (default: exhaustive depth-first search with sleep-set reduction), pct, random
          --preemptions K  bound the exhaustive search to K preemptions per run (default: unbounded)
          --budget N       at most N runs (default 100000)
          --seconds S      stop after S seconds (the result then depends on the machine's speed)
          --depth D        PCT's bug depth (default 3)
          --seed S         seed of the machine and of the pct/random strategies (default 1)
          --kernel NAME    the kernel design (default seed): {string.Join(", ", KernelDesign.All.Select(d => d.Name))}
          --no-reduction   exhaustive search without sleep sets (for comparison)
          --no-teardown    do not exit every process after each run
          --first          stop at the first failure
          -q, --quiet      no progress lines on stderr
          -h, --help       this text

        exit status: 0 no failure found; 1 a failure was found; 2 bad options or a script that cannot run.

        """;

    public int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var o = new ExploreOptions();
        string? file = null;
        bool quiet = false;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            int? Int() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            switch (a)
            {
                case "-h" or "--help": stdout.Write(Usage); return 0;
                case "-q" or "--quiet": quiet = true; break;
                case "--no-reduction": o = o with { Reduction = false }; break;
                case "--no-teardown": o = o with { Teardown = false }; break;
                case "--first": o = o with { StopAtFirstFailure = true }; break;
                case "--strategy":
                    var s = Value();
                    if (s is not ("dpor" or "pct" or "random")) return Bad(stderr, "--strategy needs dpor, pct or random");
                    o = o with { Strategy = s };
                    break;
                case "--preemptions":
                    if (Int() is not { } k) return Bad(stderr, "--preemptions needs a non-negative integer");
                    o = o with { Preemptions = k };
                    break;
                case "--budget":
                    if (Int() is not { } n || n <= 0) return Bad(stderr, "--budget needs a positive integer");
                    o = o with { Budget = n };
                    break;
                case "--depth":
                    if (Int() is not { } d || d <= 0) return Bad(stderr, "--depth needs a positive integer");
                    o = o with { Depth = d };
                    break;
                case "--seconds":
                    if (!double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var sec) || sec <= 0)
                        return Bad(stderr, "--seconds needs a positive number");
                    o = o with { Seconds = sec };
                    break;
                case "--seed":
                    if (!ulong.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) return Bad(stderr, "--seed needs a non-negative integer");
                    o = o with { Seed = seed };
                    break;
                case "--kernel":
                    if (Value() is not { } name || KernelDesign.Find(name) is not { } kd)
                        return Bad(stderr, $"--kernel needs one of: {string.Join(", ", KernelDesign.All.Select(d => d.Name))}");
                    o = o with { Kernel = kd };
                    break;
                default:
                    if (a.StartsWith('-')) return Bad(stderr, $"unknown option '{a}'");
                    if (file is not null) return Bad(stderr, "explore takes one scenario file");
                    file = a;
                    break;
            }
        }
        if (file is null) return Bad(stderr, "no scenario file given");
        Script script;
        try { script = Script.Load(file); }
        catch (ScriptException e) { stderr.WriteLine(e.Message); return 2; }
        if (!script.IsConcurrent)
        {
            stderr.WriteLine($"{file}:0: no parallel block: there is only one schedule (use 'workbench replay')");
            return 2;
        }
        if (!quiet)
            o = o with { Progress = p => stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"explore: runs={p.Runs} pruned={p.Pruned} outcomes={p.Outcomes} failures={p.Failures} runs/s={p.Runs / Math.Max(p.Seconds, 1e-9):F0}")) };
        var r = Explorer.Run(script, o);
        if (r.Error is not null) { stderr.WriteLine(r.Error); return 2; }
        Print(r, stdout);
        return r.Failures.Any() ? 1 : 0;
    }

    static void Print(ExploreResult r, TextWriter w)
    {
        var o = r.Options;
        string bound = o.Preemptions is { } k ? " preemptions=" + k.ToString(CultureInfo.InvariantCulture) : "";
        w.WriteLine($"# explore {r.File} kernel={o.Kernel.Name} strategy={o.Strategy}{bound} seed={o.Seed.ToString(CultureInfo.InvariantCulture)}");
        string coverage = o.Strategy == "dpor" ? (r.Complete ? "complete (every schedule within the bound)" : "incomplete (budget reached)") : "sampled";
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# runs={r.Runs} pruned={r.Pruned} outcomes={r.Outcomes.Count} failures={r.Failures.Count()} seconds={r.Seconds:F2} {coverage}"));
        int n = 0;
        foreach (var oc in r.Outcomes)
        {
            n++;
            w.WriteLine();
            w.WriteLine($"outcome {n}: {(oc.Failure is null ? "ok" : "FAILURE (" + oc.FailureKind + ")")}, {oc.Count} run(s), shortest schedule \"{oc.Schedule}\"");
            foreach (var line in oc.Key.Split('\n')) w.WriteLine("  " + line);
            if (oc.Failure is not null) w.WriteLine($"  reproduce: {r.ReplayCommand(oc)}");
        }
    }

    static int Bad(TextWriter stderr, string why)
    {
        stderr.WriteLine($"workbench explore: {why}");
        stderr.WriteLine("Run 'workbench explore --help' for the options.");
        return 2;
    }
}
