// `workbench bench lookup`: times the vmspace RB tree (the sys/tree.h twin) and optionally a native C baseline.
// `workbench bench fault`: guest accesses per second through the modelled fault path (FaultBench.cs).
// `workbench bench replay`: scenario events per second with the invariant checker on (ReplayBench.cs).
// Outside the model; see LookupBench.cs for the id choice and NativeBench.cs for the C side.
using System.Globalization;

namespace Workbench.Cli.Bench;

/// <summary>The <c>bench</c> command: the <c>lookup</c> and <c>fault</c> benchmarks.</summary>
public sealed class BenchCommand : ICommand
{
    public string Name => "bench";

    public string Summary => "bench lookup|fault|replay|explore ...: time RB_FIND (lookup), guest accesses through the fault path (fault), replay with the invariant checker (replay) or the schedule explorer (explore)";

    public int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 0 && args[0] == "fault")
            return FaultBench.Run(args[1..], stdout, stderr);
        if (args.Length > 0 && args[0] == "replay")
            return ReplayBench.Run(args[1..], stdout, stderr);
        if (args.Length > 0 && args[0] == "explore")
            return ExploreBench.Run(args[1..], stdout, stderr);
        if (args.Any(a => a is "-h" or "--help" or "help"))
        {
            stdout.WriteLine(BenchOptions.Usage);
            stdout.WriteLine();
            stdout.WriteLine(FaultBench.Usage);
            stdout.WriteLine();
            stdout.WriteLine(ReplayBench.Usage);
            stdout.WriteLine();
            stdout.WriteLine(ExploreBench.Usage);
            return 0;
        }
        if (args.Length == 0 || args[0] != "lookup")
        {
            stderr.WriteLine(args.Length == 0 ? "bench: which benchmark? ('lookup', 'fault' or 'replay')" : $"bench: unknown benchmark '{args[0]}' ('lookup', 'fault' or 'replay')");
            stderr.WriteLine(BenchOptions.Usage);
            return 2;
        }
        var o = BenchOptions.Parse(args[1..], out var error);
        if (o is null)
        {
            stderr.WriteLine(error);
            stderr.WriteLine("Run 'workbench bench --help' for the options.");
            return 2;
        }
        return Lookup(o, stdout, stderr);
    }

    static int Lookup(BenchOptions o, TextWriter stdout, TextWriter stderr)
    {
        string? exe = null;
        if (o.Native && (exe = NativeBench.Prepare(out var missing)) is null)
        {
            stderr.WriteLine(missing); // fail before timing anything
            return 2;
        }
        var r = LookupBench.Run(o.Vmspaces, o.Lookups, o.Seed, o.Counting);
        var line = $"bench lookup vmspaces={o.Vmspaces} lookups={o.Lookups} seed={o.Seed} counting={o.Counting} " +
                   $"lookup_ns={F(r.LookupNs, 1)} ";
        if (r.LookupCountingNs is double on)
            line += $"lookup_counting_ns={F(on, 1)} counting_ratio={F(on / r.LookupNs, 2)} ";
        if (r.LookupBareNs is double bare)
            line += $"lookup_bare_ns={F(bare, 1)} off_vs_bare={F(r.LookupNs / bare, 2)} ";
        line += $"insert_ns={F(r.InsertNs, 1)} compares={F(r.Compares, 2)} depth={F(r.Depth, 2)} height={r.Height}";
        if (exe is not null)
        {
            var nat = NativeBench.Execute(exe, o.Vmspaces, o.Lookups, o.Seed, out var error);
            if (nat is null)
            {
                stdout.WriteLine(line);
                stderr.WriteLine(error);
                return 1;
            }
            if (nat.Checksum != r.Checksum)
            {
                stdout.WriteLine(line);
                stderr.WriteLine($"bench: native checksum {nat.Checksum} instead of {r.Checksum}: the C harness did not look up the same ids");
                return 1;
            }
            line += $" native_lookup_ns={F(nat.LookupNs, 1)} native_insert_ns={F(nat.InsertNs, 1)} native_height={nat.Height}" +
                    $" ratio={F(r.LookupNs / nat.LookupNs, 2)} insert_ratio={F(r.InsertNs / nat.InsertNs, 2)}";
        }
        stdout.WriteLine(line);
        return 0;
    }

    static string F(double x, int digits) => x.ToString("F" + digits, CultureInfo.InvariantCulture);
}
