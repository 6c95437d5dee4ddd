// Experiment behind notebooks/01-lookup-scaling: the cost of vkernel_find_vmspace (RB_FIND in vkp->root) as one
// vkernel's tree grows, measured in rb_vmspace_compare calls, the model's unit of lookup time (no wall clock).
using Microsoft.Data.Analysis;
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Analysis.Experiments;

/// <summary>Sizes and seed of a lookup-scaling run.</summary>
public sealed record LookupScalingOptions
{
    /// <summary>Seed of the machine, the ids and the lookup keys.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Tree sizes to measure at, ascending (the tree grows from one to the next).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [10, 100, 1_000, 10_000, 100_000];

    /// <summary>vmspace_ctl(RUN) + guest trap pairs per size, on ids drawn uniformly from the live ones.</summary>
    public int LookupsPerSize { get; init; } = 1_000;
}

/// <summary>The result: one row per size (<see cref="Table"/>), the full trace, and the census after teardown.</summary>
public sealed record LookupScalingRun(LookupScalingOptions Options, DataFrame Table, SyscallRecorder Trace, Census Census);

/// <summary>
/// One vkernel with one CPU creates realistic guest-pmap ids (<see cref="GuestPmapIds"/>) until its tree holds each
/// size, then runs <see cref="LookupScalingOptions.LookupsPerSize"/> vmspace_ctl(RUN) calls, each followed by a guest
/// syscall trap, on uniformly drawn live ids. Each vmspace_ctl does exactly one RB_FIND; its compares come from the
/// recorder. The same ids and keys are priced in a chained hash table (<see cref="HashWhatIf"/>) as a what-if.
/// Table columns: vmspaces, lookups, mean_compares, max_compares, tree_height, log2_n, height_bound (2·log2(n+1),
/// the red-black limit), mean_insert_compares (the creates that grew the tree to this size),
/// hash_lowbits_mean_probes, hash_lowbits_max_chain, hash_fib_mean_probes, hash_fib_max_chain.
/// Deterministic for a seed. Cost: about 10 µs and 2 KB per vmspace created on a 2-core machine.
/// </summary>
public static class LookupScaling
{
    /// <summary>Runs the experiment on a fresh machine and tears it down (the census must be empty of vkernels).</summary>
    public static LookupScalingRun Run(LookupScalingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Sizes.Count == 0 || options.Sizes.Any(s => s < 1) || !options.Sizes.SequenceEqual(options.Sizes.Order()))
            throw new ArgumentOutOfRangeException(nameof(options), "Sizes must be positive and ascending");
        var m = new Machine(new MachineOptions { Seed = options.Seed, VkernelEnable = 1 });
        var rec = SyscallRecorder.Attach(m, options.Sizes[^1] + 2 * options.LookupsPerSize * options.Sizes.Count + 16);
        var rng = new SplitMix64(options.Seed ^ 0x100C_0F5EUL);
        var vk = m.FindLwp((int)m.Fork(m.Init!).Value)!;
        ulong frames = HostProtocol.AllocFrames(m, vk, 1);
        var ids = new GuestPmapIds(options.Seed);
        var live = new List<ulong>();
        var rows = new List<Row>();
        foreach (var size in options.Sizes)
        {
            int insertFrom = rec.Count;
            while (live.Count < size)
            {
                ulong id = ids.Allocate();
                Expect(m.VmspaceCreate(vk, id), 0, $"vmspace_create(0x{id:x})");
                live.Add(id);
            }
            double insertMean = MeanCompares(rec, insertFrom, Sysno.vmspace_create);
            int from = rec.Count;
            var keys = new ulong[options.LookupsPerSize];
            for (int j = 0; j < keys.Length; j++)
            {
                keys[j] = live[(int)rng.Below((ulong)live.Count)];
                Expect(HostProtocol.go_user(m, vk, keys[j], frames, _ => { }), Errno.EJUSTRETURN, "vmspace_ctl(RUN)");
                Expect(m.GuestTrap(vk, Vk.T_FAST_SYSCALL), 0, "guest trap");
            }
            var low = new HashWhatIf(live, IdHash.LowBits);
            var fib = new HashWhatIf(live, IdHash.Fibonacci);
            rows.Add(new Row(size, keys.Length, MeanCompares(rec, from, Sysno.vmspace_ctl), MaxCompares(rec, from, Sysno.vmspace_ctl),
                vk.lwp_proc.p_vkernel!.root.Height(), insertMean,
                keys.Average(k => (double)low.Probes(k)), low.MaxChain, keys.Average(k => (double)fib.Probes(k)), fib.MaxChain));
        }
        Expect(m.Exit(vk, 0), 0, "exit");
        return new LookupScalingRun(options, ToTable(rows), rec, Census.Take(m));
    }

    sealed record Row(int N, int Lookups, double Mean, int Max, int Height, double InsertMean,
        double LowMean, int LowMax, double FibMean, int FibMax);

    static DataFrame ToTable(List<Row> rows) => new FrameBuilder()
        .Int64("vmspaces", rows.Select(r => (long)r.N))
        .Int64("lookups", rows.Select(r => (long)r.Lookups))
        .Double("mean_compares", rows.Select(r => Math.Round(r.Mean, 3)))
        .Int64("max_compares", rows.Select(r => (long)r.Max))
        .Int64("tree_height", rows.Select(r => (long)r.Height))
        .Double("log2_n", rows.Select(r => Math.Round(Math.Log2(r.N), 3)))
        .Double("height_bound", rows.Select(r => Math.Round(2 * Math.Log2(r.N + 1), 3)))
        .Double("mean_insert_compares", rows.Select(r => Math.Round(r.InsertMean, 3)))
        .Double("hash_lowbits_mean_probes", rows.Select(r => Math.Round(r.LowMean, 3)))
        .Int64("hash_lowbits_max_chain", rows.Select(r => (long)r.LowMax))
        .Double("hash_fib_mean_probes", rows.Select(r => Math.Round(r.FibMean, 3)))
        .Int64("hash_fib_max_chain", rows.Select(r => (long)r.FibMax))
        .Build();

    static double MeanCompares(SyscallRecorder rec, int from, Sysno call)
    {
        long sum = 0, n = 0;
        for (int i = from; i < rec.Count; i++)
            if (rec.Rows.CallAt(i) == call) { sum += rec.Rows.ComparesAt(i); n++; }
        return n == 0 ? 0 : (double)sum / n;
    }

    static int MaxCompares(SyscallRecorder rec, int from, Sysno call)
    {
        int max = 0;
        for (int i = from; i < rec.Count; i++)
            if (rec.Rows.CallAt(i) == call) max = Math.Max(max, rec.Rows.ComparesAt(i));
        return max;
    }

    static void Expect(SysResult r, int error, string what)
    {
        if (r.Error != error)
            throw new InvalidOperationException($"lookup scaling: {what} = {r.Format()} instead of {(error == 0 ? "success" : Errno.Name(error))}");
    }
}
