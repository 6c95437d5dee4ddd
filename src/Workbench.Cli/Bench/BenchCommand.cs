// `workbench bench lookup`: times the vmspace RB tree (the sys/tree.h twin) and optionally a native C baseline.
// `workbench bench fault`: guest accesses per second through the modelled fault path (FaultBench.cs).
// `workbench bench replay`: scenario events per second with the invariant checker on (ReplayBench.cs).
// Outside the model; see LookupBench.cs for the id choice and NativeBench.cs for the C side.
using System.CommandLine;
using System.Globalization;

namespace Workbench.Cli.Bench;

/// <summary>The <c>bench</c> command: the <c>lookup</c>, <c>fault</c> and <c>replay</c> benchmarks, one subcommand each.</summary>
public sealed class BenchCommand : ICliCommand
{
    public Command Create(CliIo io) => new("bench", "benchmarks: time RB_FIND (lookup), guest accesses through the fault path (fault), replay with the invariant checker (replay), the schedule explorer (explore)")
    {
        Lookup(io), FaultBench.Create(io), ReplayBench.Create(io), ExploreBench.Create(io),
    };

    static Command Lookup(CliIo io)
    {
        var vmspaces = CliOptions.Count("--vmspaces", "ids on the tree", 1000, 1, BenchOptions.MaxVmspaces);
        var lookups = CliOptions.Count("--lookups", "RB_FIND calls per timed pass", 1_000_000, 1, BenchOptions.MaxLookups);
        var seed = CliOptions.Seed("SplitMix64 seed for the ids and the lookup sequence, decimal or 0x hex");
        var counting = CliOptions.Choice("--counting",
            "off: time with RbStats off; on: time with RbStats on; both: time both, alternating, and print counting_ratio = on / off, " +
            "and time an uninstrumented descent (lookup_bare_ns, off_vs_bare = off / bare)", "off", "on", "both");
        var native = new Option<bool>("--native")
        {
            Description = "also build and run src/Workbench.Cli/Bench/native/rbbench.c (BSD sys/tree.h; needs cc and libbsd-dev) on the same ids and lookups",
        };
        var command = new Command("lookup", BenchOptions.Description) { vmspaces, lookups, seed, counting, native };
        command.SetAction(p => Lookup(new BenchOptions((int)p.GetValue(vmspaces), (int)p.GetValue(lookups), p.GetValue(seed), p.GetValue(counting)!, p.GetValue(native)), io.Out, io.Err));
        return command;
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
