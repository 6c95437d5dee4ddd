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
    /// <summary>The <c>bench replay</c> subcommand: prints one line; 0 ok, 1 the replay failed.</summary>
    public static System.CommandLine.Command Create(CliIo io)
    {
        var vmspacesOpt = CliOptions.Count("--vmspaces", "vmspaces created and destroyed", 20_000, 1, 10_000_000);
        var checkOpt = CliOptions.Choice("--check",
            "incremental: what each event touched plus the amortised full check; full: Invariants.Check after every event; off",
            "incremental", "full", "off");
        var seedOpt = CliOptions.Seed();
        var command = new System.CommandLine.Command("replay",
            "Replays a script of 1 + 2N events (sysctl vm.vkernel_enable=1, vmspace_create of N ids, then vmspace_destroy of each) " +
            "with the invariant checker after every event; nothing of the trace is kept. After a warm-up replay of 2,000 vmspaces, " +
            "the fastest of three timed replays. Prints: bench replay vmspaces=N check=X events=E seconds=T events_per_sec=R " +
            "cpu_seconds=C events_per_cpu_sec=Q load1=L. Exit 0 ok, 1 the replay failed, 2 bad options.")
            { vmspacesOpt, checkOpt, seedOpt };
        command.SetAction(p => Run((int)p.GetValue(vmspacesOpt), p.GetValue(checkOpt)!, p.GetValue(seedOpt), io.Out, io.Err));
        return command;
    }

    static int Run(int vmspaces, string check, ulong seed, TextWriter stdout, TextWriter stderr)
    {
        var script = Script.Parse(Text(vmspaces), $"bench-create-destroy-{vmspaces}.scn");
        var options = new ReplayOptions
        {
            Seed = seed, Retain = false, CheckInvariants = check != "off", FullCheckEveryEvent = check == "full",
        };
        Replayer.Run(Script.Parse(Text(Math.Min(vmspaces, 2000)), "warmup.scn"), options); // JIT before timing
        ReplayResult r = null!;
        double s = double.MaxValue, cpu = 0;
        for (int pass = 0; pass < 3; pass++) // the fastest of three passes
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            r = Replayer.Run(script, options);
            if (sw.Elapsed.TotalSeconds < s)
            {
                s = sw.Elapsed.TotalSeconds;
                cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            }
        }
        if (r.ExitCode != 0)
        {
            stderr.WriteLine($"bench replay: the replay failed (exit {r.ExitCode}): {r.ModelFailure ?? r.Error?.Message ?? r.Mismatches.FirstOrDefault()?.ToString()}");
            return 1;
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench replay vmspaces={vmspaces} check={check} seed={seed} events={r.EventCount} seconds={s:F3} events_per_sec={r.EventCount / s:F0} " +
            $"cpu_seconds={cpu:F3} events_per_cpu_sec={r.EventCount / cpu:F0} load1={Load()}"));
        return 0;
    }

    /// <summary>The 1-minute load average (/proc/loadavg), so a number says how busy the machine was; "?" elsewhere.</summary>
    internal static string Load()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "?"; }
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
