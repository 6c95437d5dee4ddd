// `workbench bench replay`: scenario events per second through the replayer with the invariant checker on, for a
// script that creates N vmspaces and destroys them (the shape that made the old full-check-per-event replay quadratic).
// Outside the model: it reads the wall clock (Stopwatch), which is its purpose; only the timing varies between runs.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Scenarios;

namespace Workbench.Cli.Bench;

/// <summary>The <c>bench replay</c> benchmark.</summary>
public static class ReplayBench
{
    public const string Usage =
        "bench replay [--vmspaces N] [--check incremental|full|off] [--seed S]\n" +
        "  replays a script of 1 + 2N events: sysctl vm.vkernel_enable=1, vmspace_create of N ids (default 20000), then\n" +
        "  vmspace_destroy of each, with the invariant checker after every event (default incremental: what the event\n" +
        "  touched, plus the amortised full check; full: Invariants.Check after every event, the O(state) reference).\n" +
        "  Nothing of the trace is kept. Prints: bench replay vmspaces=N check=X events=E seconds=T events_per_sec=R";

    /// <summary>Parses the options, runs the benchmark, prints one line. 0 ok, 1 the replay failed, 2 bad options.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        int vmspaces = 20_000;
        string check = "incremental";
        ulong seed = 1;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a is "-h" or "--help") { stdout.WriteLine(Usage); return 0; }
            if (i + 1 >= args.Length) { stderr.WriteLine($"bench replay: {a} needs a value\n{Usage}"); return 2; }
            string v = args[++i];
            bool ok = a switch
            {
                "--vmspaces" => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out vmspaces) && vmspaces is > 0 and <= 10_000_000,
                "--check" => (check = v) is "incremental" or "full" or "off",
                "--seed" => ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out seed),
                _ => false,
            };
            if (!ok) { stderr.WriteLine($"bench replay: bad option {a} {v}\n{Usage}"); return 2; }
        }
        var script = Script.Parse(Text(vmspaces), $"bench-create-destroy-{vmspaces}.scn");
        var options = new ReplayOptions
        {
            Seed = seed, Retain = false, CheckInvariants = check != "off", FullCheckEveryEvent = check == "full",
        };
        var sw = Stopwatch.StartNew();
        var r = Replayer.Run(script, options);
        double s = sw.Elapsed.TotalSeconds;
        if (r.ExitCode != 0)
        {
            stderr.WriteLine($"bench replay: the replay failed (exit {r.ExitCode}): {r.ModelFailure ?? r.Error?.Message ?? r.Mismatches[0].ToString()}");
            return 1;
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench replay vmspaces={vmspaces} check={check} seed={seed} events={r.EventCount} seconds={s:F3} events_per_sec={r.EventCount / s:F0}"));
        return 0;
    }

    /// <summary>The script: enable, N creates, N destroys, each with its expected result.</summary>
    static string Text(int n)
    {
        var sb = new StringBuilder("sysctl(\"vm.vkernel_enable\", 1) = 0\n");
        for (int i = 1; i <= n; i++) sb.Append(CultureInfo.InvariantCulture, $"vmspace_create(0x{(ulong)i << 12:x}, 0, 0) = 0\n");
        for (int i = 1; i <= n; i++) sb.Append(CultureInfo.InvariantCulture, $"vmspace_destroy(0x{(ulong)i << 12:x}) = 0\n");
        return sb.ToString();
    }
}
