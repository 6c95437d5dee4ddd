// The experiments the notebooks run: lookup cost grows as log2(n), the tree stays within its height bound, the
// refcount story hits every rule of spec §1.3.
using Workbench.Analysis;
using Workbench.Analysis.Experiments;

namespace Workbench.Analysis.Tests.Experiments;

public class ExperimentTests
{
    [Fact]
    public void lookup_compares_grow_as_log2_of_the_tree_size_and_the_tree_stays_balanced()
    {
        var run = LookupScaling.Run(new LookupScalingOptions { Sizes = [16, 256, 4096], LookupsPerSize = 300 });
        var n = FrameColumns.Longs(run.Table, "vmspaces");
        var mean = FrameColumns.Doubles(run.Table, "mean_compares");
        var height = FrameColumns.Longs(run.Table, "tree_height");
        var bound = FrameColumns.Doubles(run.Table, "height_bound");
        for (int i = 0; i < n.Length; i++)
        {
            Assert.InRange(mean[i], Math.Log2(n[i]) - 2, Math.Log2(n[i]) + 1);
            Assert.True(height[i] <= bound[i], $"height {height[i]} above 2·log2(n+1) = {bound[i]} at n = {n[i]}");
        }
        Assert.Equal((0, 0), (run.Census.Vkernels, run.Census.Vmspaces));
    }

    [Fact]
    public void the_fibonacci_hash_what_if_needs_about_one_probe_and_pointer_low_bits_cluster()
    {
        var run = LookupScaling.Run(new LookupScalingOptions { Sizes = [4096], LookupsPerSize = 300 });
        Assert.InRange(FrameColumns.Doubles(run.Table, "hash_fib_mean_probes")[0], 1.0, 2.0);
        Assert.True(FrameColumns.Doubles(run.Table, "hash_lowbits_mean_probes")[0] > 4,
            "ids 0x2e0 apart share their low bits, so low-bit buckets should chain");
    }

    [Fact]
    public void hash_what_if_counts_head_inserted_chains()
    {
        var h = new HashWhatIf([0x10, 0x20, 0x30], IdHash.LowBits); // 4 buckets: all three in bucket 0
        Assert.Equal(4, h.Buckets);
        Assert.Equal(1, h.UsedBuckets);
        Assert.Equal(3, h.MaxChain);
        Assert.Equal((3, 2, 1), (h.Probes(0x10), h.Probes(0x20), h.Probes(0x30)));
    }

    [Fact]
    public void the_refcount_story_hits_fork_runs_EBUSY_and_exit_with_an_active_VC()
    {
        var run = RefcountLifecycle.Run(seed: 4, rounds: 2);
        var df = run.Trace.ToDataFrame();
        var call = FrameColumns.Strings(df, "call");
        var errno = FrameColumns.Strings(df, "errno");
        var id = FrameColumns.ULongs(df, "ve_id");
        var after = FrameColumns.Refs(df, "ve_refs_after");
        var vkp = FrameColumns.Longs(df, "vkp_refs");
        Assert.Equal(4, errno.Count(e => e == "EBUSY"));
        Assert.Equal(2, Enumerable.Range(0, call.Length).Where(i => id[i] == run.IdA).Max(i => after[i]));
        Assert.Equal(2, vkp.Max());
        Assert.Single(run.Messages, m => m.Contains("killed with active VC", StringComparison.Ordinal));
        int last = call.Length - 1;
        Assert.Equal(("exit", run.IdB, 0L), (call[last], id[last], after[last]));
        Assert.Equal((0, 0, 0L), (run.Census.Vkernels, run.Census.Vmspaces, run.Census.Refs));
    }
}
