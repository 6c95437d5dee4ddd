// `workbench bench explore`: the schedule explorer's speed (issue 9's targets): the exhaustive search of a 3-thread,
// 6-call scenario (runs, pruned, seconds), random and PCT sampling (schedules per second and per CPU-second, context
// switches per schedule), the cost of one OS-thread handoff and the ceiling it sets for each strategy, and
// the time from a cold start (a fresh `workbench explore --first` process) to the first failure for C1-C4 on the
// design that has each. Outside the model: it reads the wall clock, which is its purpose.
using System.Diagnostics;
using System.Globalization;
using Workbench.Kernel.Sched;
using Workbench.Kernel.Vkernel.Designs;
using Workbench.Scenarios;

namespace Workbench.Cli.Bench;

/// <summary>The <c>bench explore</c> benchmark.</summary>
public static class ExploreBench
{
    /// <summary>The <c>bench explore</c> subcommand: one line per measurement; 0 ok, 1 a race was not found.</summary>
    public static System.CommandLine.Command Create(CliIo io)
    {
        var races = new System.CommandLine.Option<string>("--races")
        {
            Description = "the folder of the race scenarios", HelpName = "DIR", DefaultValueFactory = _ => Path.Combine("datasets", "races"),
        };
        var samples = CliOptions.Count("--samples", "schedules per sampling strategy (random, pct)", 20_000, 1, 10_000_000);
        var repeat = CliOptions.Count("--repeat", "measurements per sampling strategy, each of --samples schedules; the line gives their median, fastest, slowest and each one in the order measured (one core's figure moves between runs of the same binary, and rises while the runtime optimises)", 3, 1, 100);
        var noCold = new System.CommandLine.Option<bool>("--no-cold") { Description = "skip the cold-start runs of C1-C4" };
        var warmup = new System.CommandLine.Option<double>("--warmup")
        {
            Description = "seconds of sampling before each strategy is measured, in explorations of --samples schedules like the measured ones, at least one (pinned to one core the runtime optimises hot code only after 1 s without new JIT work, and a shorter exploration leaves some of the measured code unoptimised)",
            HelpName = "S", DefaultValueFactory = _ => 3,
        };
        warmup.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or > 600) r.AddError("--warmup must be between 0 and 600 seconds"); });
        var command = new System.CommandLine.Command("explore",
            "The schedule explorer's speed: 1. the exhaustive search (sleep sets, no preemption bound) of DIR/three_threads.scn " +
            "(3 threads, 6 calls): runs, pruned, seconds; 2. random and PCT sampling of the same scenario, N schedules each after a " +
            "warm-up (--warmup), measured --repeat times: schedules per second and per CPU-second (median, fastest, slowest) and the process's context " +
            "switches per schedule; 3. the cost of one handoff between two OS threads set up as the interleaver's, and the rate each strategy's " +
            "switches would allow with no model work at all (its ceiling); 4. for C1-C4, the wall time of a fresh 'workbench explore --first' " +
            "process until it reports the race. Pin to one core with 'taskset -c 0'. Exit 0 ok, 1 a race was not found, 2 bad options.")
            { races, samples, repeat, warmup, noCold };
        command.SetAction(p => Run(p.GetValue(races)!, (int)p.GetValue(samples), (int)p.GetValue(repeat), TimeSpan.FromSeconds(p.GetValue(warmup)), !p.GetValue(noCold), io.Out, io.Err));
        return command;
    }

    static readonly (string Name, string Scenario, string Kernel)[] Races =
    [
        ("C1", "c1_cache_hit_during_destroy", "d95d5e03"),
        ("C2", "c1_cache_hit_during_destroy", "76f1911e"),
        ("C3", "c1_cache_hit_during_destroy", "07511847"),
        ("C4", "c4_cache_switch_during_destroy", "98e80c61"),
    ];

    static int Run(string dir, int samples, int repeat, TimeSpan warmUp, bool cold, TextWriter stdout, TextWriter stderr)
    {
        var file = Path.Combine(dir, "three_threads.scn");
        Script script;
        try { script = Script.Load(file); }
        catch (ScriptException e) { stderr.WriteLine(e.Message); return 2; }

        var (ex, exS, exCpu) = Timed(() => Explorer.Run(script, new ExploreOptions { Budget = 1_000_000 }));
        stdout.WriteLine(Inv($"bench explore exhaustive file={file} runs={ex.Runs} pruned={ex.Pruned} outcomes={ex.Outcomes.Count} complete={ex.Complete} seconds={exS:F2} cpu_seconds={exCpu:F2} load1={ReplayBench.Load()}"));
        var switches = new List<(string Strategy, double PerSchedule)>();
        foreach (var strategy in new[] { "random", "pct" })
        {
            Warm(() => Explorer.Run(script, new ExploreOptions { Strategy = strategy, Budget = samples }), warmUp);
            var rates = new List<(double Wall, double Cpu)>();
            ExploreResult r = null!;
            long runs = 0, cs0 = ContextSwitches.OfProcess() ?? 0;
            for (int i = 0; i < repeat; i++)
            {
                (r, var s, var cpu) = Timed(() => Explorer.Run(script, new ExploreOptions { Strategy = strategy, Budget = samples }));
                rates.Add((r.Runs / s, r.Runs / cpu));
                runs += r.Runs;
            }
            var perSchedule = ContextSwitches.OfProcess() is { } cs1 ? (cs1 - cs0) / (double)runs : double.NaN;
            switches.Add((strategy, perSchedule));
            var wall = rates.Select(x => x.Wall).Order().ToList();
            var perCpu = rates.Select(x => x.Cpu).Order().ToList();
            stdout.WriteLine(Inv($"bench explore {strategy} runs={r.Runs} repeat={repeat} outcomes={r.Outcomes.Count} schedules_per_sec={Median(wall):F0} fastest={wall[^1]:F0} slowest={wall[0]:F0} schedules_per_cpu_sec={Median(perCpu):F0} each={string.Join('/', rates.Select(x => x.Wall.ToString("F0", CultureInfo.InvariantCulture)))} ctx_switches_per_schedule={OrNa(perSchedule, "F1")} load1={ReplayBench.Load()}"));
        }
        // What the handoffs alone allow: the cost of one (two OS threads set up as the interleaver's, nothing else)
        // times the context switches a schedule made, with no model work at all.
        Interleaver.PingPong(20_000);
        var ((handoffs, kind), hs, _) = Timed(() => Interleaver.PingPong(200_000));
        var us = hs * 1e6 / handoffs;
        stdout.WriteLine(Inv($"bench explore handoff kind={kind} handoffs={handoffs} us_per_handoff={us:F2} ") +
            string.Join(' ', switches.Select(x => $"{x.Strategy}_ceiling={OrNa(1e6 / (x.PerSchedule * us), "F0")}")) + Inv($" load1={ReplayBench.Load()}"));
        if (!cold) return 0;
        int exit = 0;
        foreach (var (name, scenario, kernel) in Races)
        {
            var path = Path.Combine(dir, scenario + ".scn");
            var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
            if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("workbench", StringComparison.Ordinal))
                psi.ArgumentList.Add(typeof(ExploreBench).Assembly.Location); // run through 'dotnet workbench.dll'
            foreach (var a in new[] { "explore", "--first", "-q", "--kernel", kernel, path }) psi.ArgumentList.Add(a);
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            double s = sw.Elapsed.TotalSeconds;
            bool found = p.ExitCode == 1 && output.Contains("FAILURE", StringComparison.Ordinal);
            if (!found) exit = 1;
            stdout.WriteLine(Inv($"bench explore cold {name} kernel={kernel} file={path} found={found} seconds={s:F2} load1={ReplayBench.Load()}"));
        }
        return exit;
    }

    /// <summary>
    /// Runs <paramref name="work"/> once, then again until <paramref name="atLeast"/> has passed: the runtime promotes
    /// hot methods to optimised code only after a quiet spell without new JIT work, 0.1 s on several cores but 1 s
    /// when the process is pinned to one (TC_DelaySingleProcMultiplier = 10), and each newly compiled method restarts
    /// it. A single short pass left the first measured strategy in tier-0 code on one core.
    /// </summary>
    static void Warm(Action work, TimeSpan atLeast)
    {
        var sw = Stopwatch.StartNew();
        do work(); while (sw.Elapsed < atLeast);
    }

    static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    static (T, double Seconds, double Cpu) Timed<T>(Func<T> f)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var r = f();
        return (r, sw.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
    }

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The figure, or "n/a" where it could not be measured (no context-switch count off Linux).</summary>
    static string OrNa(double x, string format) => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
