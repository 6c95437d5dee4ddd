// workbench explore FILE.scn: every distinct outcome of a concurrent scenario, each with the shortest schedule that
// produces it, and every failure with the replay command that reproduces it (Workbench.Scenarios.Explorer).
using System.CommandLine;
using System.Globalization;
using Workbench.Scenarios;

namespace Workbench.Cli.Explore;

/// <summary><c>explore [--strategy dpor|pct|random] [--preemptions K] [--budget N | --seconds S] [--kernel NAME] FILE</c>.</summary>
public sealed class ExploreCommand : ICliCommand
{
    const string Description = """
        explore the schedules of a concurrent scenario: every outcome, every failure with its replay command
        Runs the script's parallel blocks under many schedules and prints every distinct outcome (the result of every
        line from the first block on, the census, the invariant verdict and a clean teardown) with its count and the
        shortest schedule that produces it; every failure (model panic, broken invariant, use after free or double
        free, deadlock, a leaked ref at teardown) with the exact 'workbench replay' command that reproduces it.
        Exit codes: 0 no failure found; 1 a failure was found; 2 bad options or a script that cannot run.
        """;

    public Command Create(CliIo io)
    {
        var file = new Argument<string>("FILE") { Description = "a scenario script with at least one parallel block (.scn)" };
        var strategy = CliOptions.Choice("--strategy",
            "dpor: exhaustive depth-first search with sleep-set reduction; pct: probabilistic concurrency testing; random: uniform choices",
            "dpor", "pct", "random");
        var preemptions = new Option<int?>("--preemptions") { Description = "bound the exhaustive search to K preemptions per run (default: unbounded)", HelpName = "K" };
        var budget = CliOptions.Count("--budget", "at most N runs (the exhaustive search stops early when it has covered everything)", 100_000, 1, 100_000_000);
        var seconds = new Option<double?>("--seconds") { Description = "stop after S seconds (the result then depends on the machine's speed)", HelpName = "S" };
        var depth = CliOptions.Count("--depth", "PCT's bug depth (priority change points + 1)", 3, 1, 100);
        var seed = CliOptions.Seed("seed of the machine and of the pct/random strategies");
        var kernel = CliOptions.Kernel();
        var noReduction = new Option<bool>("--no-reduction") { Description = "exhaustive search without sleep sets (for comparison)" };
        var noTeardown = new Option<bool>("--no-teardown") { Description = "do not exit every process after each run" };
        var first = new Option<bool>("--first") { Description = "stop at the first failure" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "no progress lines on stderr (by default one every quarter second)" };
        preemptions.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0) r.AddError("--preemptions must be 0 or more"); });
        seconds.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is <= 0) r.AddError("--seconds must be positive"); });
        var command = new Command("explore", Description) { file, strategy, preemptions, budget, seconds, depth, seed, kernel, noReduction, noTeardown, first, quiet };
        command.SetAction(p => Run(p.GetValue(file)!, new ExploreOptions
        {
            Strategy = p.GetValue(strategy)!, Preemptions = p.GetValue(preemptions), Budget = (int)p.GetValue(budget),
            Seconds = p.GetValue(seconds), Depth = (int)p.GetValue(depth), Seed = p.GetValue(seed), Kernel = p.GetValue(kernel)!,
            Reduction = !p.GetValue(noReduction), Teardown = !p.GetValue(noTeardown), StopAtFirstFailure = p.GetValue(first),
        }, p.GetValue(quiet), io));
        return command;
    }

    static int Run(string file, ExploreOptions o, bool quiet, CliIo io)
    {
        Script script;
        try { script = Script.Load(file); }
        catch (ScriptException e) { io.Err.WriteLine(e.Message); return Program.ExitUsage; }
        if (!script.IsConcurrent)
        {
            io.Err.WriteLine($"{file}:0: no parallel block: there is only one schedule (use 'workbench replay')");
            return Program.ExitUsage;
        }
        if (!quiet)
            o = o with { Progress = p => io.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"explore: runs={p.Runs} pruned={p.Pruned} outcomes={p.Outcomes} failures={p.Failures} runs/s={p.Runs / Math.Max(p.Seconds, 1e-9):F0}")) };
        var r = Explorer.Run(script, o);
        if (r.Error is not null) { io.Err.WriteLine(r.Error); return Program.ExitUsage; }
        Print(r, io.Out);
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
}
