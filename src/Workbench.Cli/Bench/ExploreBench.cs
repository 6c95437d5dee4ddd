// `workbench bench explore`: the schedule explorer's speed (issue 9's targets): the exhaustive search of a 3-thread,
// 6-call scenario (runs, pruned, seconds), random and PCT sampling (schedules per second and per CPU-second), and
// the time from a cold start (a fresh `workbench explore --first` process) to the first failure for C1-C4 on the
// design that has each. Outside the model: it reads the wall clock, which is its purpose.
using System.Diagnostics;
using System.Globalization;
using Workbench.Kernel.Vkernel.Designs;
using Workbench.Scenarios;

namespace Workbench.Cli.Bench;

/// <summary>The <c>bench explore</c> benchmark.</summary>
public static class ExploreBench
{
    public const string Usage =
        "bench explore [--races DIR] [--samples N] [--no-cold]\n" +
        "  1. exhaustive search (sleep sets, no preemption bound) of DIR/three_threads.scn (3 threads, 6 calls);\n" +
        "  2. random and PCT sampling of the same scenario, N schedules each (default 20000), after a warm-up;\n" +
        "  3. for C1-C4, the wall time of a fresh 'workbench explore --first' process until it reports the race\n" +
        "     (skipped with --no-cold). DIR defaults to datasets/races. Pin to one core with 'taskset -c 0'.\n" +
        "  Prints one line per measurement with cpu seconds and load1.";

    static readonly (string Name, string Scenario, string Kernel)[] Races =
    [
        ("C1", "c1_cache_hit_during_destroy", "d95d5e03"),
        ("C2", "c1_cache_hit_during_destroy", "76f1911e"),
        ("C3", "c1_cache_hit_during_destroy", "07511847"),
        ("C4", "c4_cache_switch_during_destroy", "98e80c61"),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string dir = Path.Combine("datasets", "races");
        int samples = 20_000;
        bool cold = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help": stdout.WriteLine(Usage); return 0;
                case "--no-cold": cold = false; break;
                case "--races" when i + 1 < args.Length: dir = args[++i]; break;
                case "--samples" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out samples) && samples > 0: i++; break;
                default: stderr.WriteLine($"bench explore: bad option {args[i]}\n{Usage}"); return 2;
            }
        }
        var file = Path.Combine(dir, "three_threads.scn");
        Script script;
        try { script = Script.Load(file); }
        catch (ScriptException e) { stderr.WriteLine(e.Message); return 2; }

        var (ex, exS, exCpu) = Timed(() => Explorer.Run(script, new ExploreOptions { Budget = 1_000_000 }));
        stdout.WriteLine(Inv($"bench explore exhaustive file={file} runs={ex.Runs} pruned={ex.Pruned} outcomes={ex.Outcomes.Count} complete={ex.Complete} seconds={exS:F2} cpu_seconds={exCpu:F2} load1={ReplayBench.Load()}"));
        foreach (var strategy in new[] { "random", "pct" })
        {
            Explorer.Run(script, new ExploreOptions { Strategy = strategy, Budget = 2000 }); // warm-up
            var (r, s, cpu) = Timed(() => Explorer.Run(script, new ExploreOptions { Strategy = strategy, Budget = samples }));
            stdout.WriteLine(Inv($"bench explore {strategy} runs={r.Runs} outcomes={r.Outcomes.Count} seconds={s:F2} schedules_per_sec={r.Runs / s:F0} cpu_seconds={cpu:F2} schedules_per_cpu_sec={r.Runs / cpu:F0} load1={ReplayBench.Load()}"));
        }
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

    static (T, double Seconds, double Cpu) Timed<T>(Func<T> f)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var r = f();
        return (r, sw.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
    }

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
