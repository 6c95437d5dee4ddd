// The `bench lookup` harness: times RB_FIND and RB_INSERT of the sys/tree.h twin (Workbench.Kernel.Lib.RbTree) on a
// vkernel-like population of vmspace ids. Outside the model: it reads the wall clock (Stopwatch), which is its purpose.
using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;
using Workbench.Kernel;
using Workbench.Kernel.Lib;

namespace Workbench.Cli.Bench;

/// <summary>A stand-in for <c>struct vmspace_entry</c> carrying only its RB link and id, as rbbench.c's struct does.</summary>
sealed class BenchEntry : RbNode<BenchEntry>
{
    public BenchEntry(ulong id) { rb_key = id; }
}

/// <summary>What one <c>bench lookup</c> run measured (nanoseconds per call: the fastest of <see cref="LookupBench.Samples"/> samples).</summary>
sealed record LookupResult(
    double LookupNs, double? LookupCountingNs, double? LookupBareNs, double InsertNs,
    double Compares, double Depth, int Height, ulong Checksum);

/// <summary>
/// Builds the tree, times insertion and lookups, and counts compares. The id generation, lookup sequence, sample
/// counts and warm-up are the same as native/rbbench.c's, so the two timings compare like with like.
/// </summary>
static class LookupBench
{
    // Ids. In the vkernel, the id of a vmspace is whatever pointer the guest passes: in practice the address of the
    // guest kernel's struct pmap for that address space. A vkernel is a host user process, so those structures sit in
    // its own malloc'd heap: 8-byte-aligned user-space addresses scattered over a large window, in no particular
    // order. We draw them uniformly from a 64 GiB window starting at 32 GiB (0x8_0000_0000), 8-byte aligned, with
    // SplitMix64 seeded by --seed, and redraw duplicates. Uniform draws insert in random key order, which is what
    // matters for the tree's shape; the window keeps every id far from NULL and below the sign bit, like heap pointers.
    internal const ulong IdBase = 0x0000_0008_0000_0000UL;
    internal const ulong IdSlots = 1UL << 33;
    internal const int Samples = 5;
    const long InsertsPerSample = 1_000_000;
    static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(500);

    /// <summary>Distinct ids in draw order; a draw equal to an earlier id is replaced by the next draw.</summary>
    internal static ulong[] MakeIds(SplitMix64 rng, int n)
    {
        var ids = new ulong[n];
        var seen = new HashSet<ulong>(n);
        for (int i = 0; i < n; i++)
        {
            ulong id;
            do id = IdBase + rng.Next() % IdSlots * 8; while (!seen.Add(id));
            ids[i] = id;
        }
        return ids;
    }

    /// <summary>The lookup sequence: <paramref name="m"/> ids drawn uniformly from <paramref name="ids"/> (all hits).</summary>
    internal static ulong[] MakeLookups(SplitMix64 rng, ulong[] ids, int m)
    {
        var keys = new ulong[m];
        for (int j = 0; j < m; j++) keys[j] = ids[(int)(rng.Next() % (ulong)ids.Length)];
        return keys;
    }

    /// <summary>Runs the benchmark; <paramref name="counting"/> is "off", "on" or "both".</summary>
    public static LookupResult Run(int n, int m, ulong seed, string counting)
    {
        var rng = new SplitMix64(seed);
        var ids = MakeIds(rng, n);
        var keys = MakeLookups(rng, ids, m);
        var ents = Array.ConvertAll(ids, id => new BenchEntry(id));
        var tree = new RbTree<BenchEntry>();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var old = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        try
        {
            var stats = counting == "on" ? new RbStats() : null;
            double insertNs = TimeInserts(ref tree, ents, stats);
            tree.Stats = stats;
            Warm(tree, keys);
            double lookupNs;
            double? countingNs = null, bareNs = null;
            ulong checksum;
            if (counting == "both")
                (lookupNs, countingNs, bareNs, checksum) = TimeAllModes(tree, keys);
            else
            {
                var xs = new double[Samples];
                checksum = 0;
                for (int i = 0; i < Samples; i++) xs[i] = TimeLookups(tree, keys, out checksum);
                lookupNs = Fastest(xs);
            }
            // The compare count always comes from a counted pass of its own, whatever mode was timed.
            var c = new RbStats();
            tree.Stats = c;
            LookupPass(tree, keys);
            tree.Stats = null;
            return new LookupResult(lookupNs, countingNs, bareNs, insertNs,
                (double)c.Compares / c.Finds, (double)c.DepthSum / c.Finds, tree.Height(), checksum);
        }
        finally
        {
            GCSettings.LatencyMode = old;
        }
    }

    // Counting off, counting on, and "bare" (an uninstrumented descent written here: the yardstick for what counting
    // off costs), alternated sample by sample so drift on a shared machine hits all three alike.
    static (double Off, double On, double Bare, ulong Checksum) TimeAllModes(RbTree<BenchEntry> tree, ulong[] keys)
    {
        var offs = new double[Samples];
        var ons = new double[Samples];
        var bares = new double[Samples];
        var s = new RbStats();
        tree.Stats = s;
        Warm(tree, keys);
        WarmBare(tree, keys);
        ulong checksum = 0;
        for (int i = 0; i < Samples; i++)
        {
            tree.Stats = null;
            offs[i] = TimeLookups(tree, keys, out checksum);
            tree.Stats = s;
            ons[i] = TimeLookups(tree, keys, out _);
            long t0 = Stopwatch.GetTimestamp();
            if (BarePass(tree.RB_ROOT, keys) != checksum)
                throw new InvalidOperationException("bench: the bare descent disagrees with RB_FIND");
            bares[i] = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / keys.Length;
        }
        tree.Stats = null;
        return (Fastest(offs), Fastest(ons), Fastest(bares), checksum);
    }

    // Each sample rebuilds the tree from empty (RB_INSERT relinks every element), as often as needed for ~1M inserts.
    // The warm-up repeats whole samples for at least the warm-up time, so the JIT has promoted RB_INSERT.
    static double TimeInserts(ref RbTree<BenchEntry> tree, BenchEntry[] ents, RbStats? stats)
    {
        long passes = Math.Max(1, InsertsPerSample / ents.Length);
        long w0 = Stopwatch.GetTimestamp();
        do
            for (long p = 0; p < passes; p++) tree = InsertAll(ents, stats);
        while (Stopwatch.GetElapsedTime(w0) < Warmup);
        var xs = new double[Samples];
        for (int s = 0; s < Samples; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (long p = 0; p < passes; p++) tree = InsertAll(ents, stats);
            xs[s] = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / ((double)passes * ents.Length);
        }
        return Fastest(xs);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static RbTree<BenchEntry> InsertAll(BenchEntry[] ents, RbStats? stats)
    {
        var tree = new RbTree<BenchEntry> { Stats = stats };
        foreach (var e in ents)
            if (tree.RB_INSERT(e) is not null) throw new InvalidOperationException("bench: duplicate id");
        return tree;
    }

    // Runs lookups for at least the warm-up time, so the JIT has promoted RB_FIND to its optimised tier.
    static void Warm(RbTree<BenchEntry> tree, ulong[] keys)
    {
        long t0 = Stopwatch.GetTimestamp();
        do LookupPass(tree, keys); while (Stopwatch.GetElapsedTime(t0) < Warmup);
    }

    static void WarmBare(RbTree<BenchEntry> tree, ulong[] keys)
    {
        long t0 = Stopwatch.GetTimestamp();
        do BarePass(tree.RB_ROOT, keys); while (Stopwatch.GetElapsedTime(t0) < Warmup);
    }

    // The same descent as RB_FIND with no Stats test and no call: an uninstrumented tree's lookup.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static ulong BarePass(BenchEntry? root, ulong[] keys)
    {
        ulong sum = 0;
        foreach (ulong k in keys)
        {
            var t = root;
            while (t is not null)
            {
                ulong key = t.rb_key;
                if (k < key) t = t.RB_LEFT;
                else if (k > key) t = t.RB_RIGHT;
                else { sum += key; break; }
            }
        }
        return sum;
    }

    static double TimeLookups(RbTree<BenchEntry> tree, ulong[] keys, out ulong checksum)
    {
        long t0 = Stopwatch.GetTimestamp();
        checksum = LookupPass(tree, keys);
        return Stopwatch.GetElapsedTime(t0).TotalNanoseconds / keys.Length;
    }

    // The sum of the ids found: it keeps the lookups live and must equal rbbench.c's checksum.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static ulong LookupPass(RbTree<BenchEntry> tree, ulong[] keys)
    {
        ulong sum = 0;
        foreach (ulong k in keys)
        {
            var ve = tree.RB_FIND(k);
            if (ve is not null) sum += ve.rb_key;
        }
        return sum;
    }

    // The fastest sample: on a machine shared with other work, interference only ever adds time, so the minimum is
    // the steadiest estimate of the code's own cost (rbbench.c reports the same statistic).
    static double Fastest(double[] xs) => xs.Min();
}
