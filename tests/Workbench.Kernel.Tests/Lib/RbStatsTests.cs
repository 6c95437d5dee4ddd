// Tests for the RbTree instrumentation (src/Workbench.Kernel/Lib/RbStats.cs): counts only, changes nothing.
using Workbench.Kernel.Lib;
using Workbench.Kernel.Sys;

using static Workbench.Kernel.Tests.Lib.RbKit;

namespace Workbench.Kernel.Tests.Lib;

public class RbStatsTests
{
    [Fact]
    public void rbstats_counts_one_compare_per_node_visited_and_stays_within_2_log2_n_plus_1_plus_2()
    {
        var rng = new SplitMix64(7);
        var t = new RbTree<RbEnt> { Stats = new RbStats() };
        var ids = new List<ulong>();
        for (int i = 0; i < 5000; i++)
        {
            ulong id = rng.Next() & ~7UL;
            if (t.RB_INSERT(new RbEnt(id)) is null) ids.Add(id);
        }
        var s = t.Stats!;
        Assert.Equal(5000, s.Inserts);
        Assert.True(s.Rotations > 0, "no rotations counted over 5000 random inserts");
        AssertValid(t);
        int n = t.Count;
        double bound = 2 * Math.Log2(n + 1) + 2;
        Assert.InRange(t.Height(), 1, 2 * Math.Log2(n + 1));
        s.Reset();
        foreach (var id in ids)
        {
            long before = s.Compares;
            Assert.NotNull(t.RB_FIND(id));
            long c = s.Compares - before;
            Assert.True(c <= bound, $"RB_FIND(0x{id:x}) made {c} compares instead of at most {bound:F1}");
            Assert.Equal(c, s.LastDepth);
            Assert.InRange(s.LastDepth, 1, t.Height());
        }
        Assert.Equal(ids.Count, s.Finds);
        Assert.Equal(s.Compares, s.DepthSum);
        Assert.InRange(s.MaxDepth, 1, t.Height());
        double mean = (double)s.Compares / s.Finds;
        Assert.InRange(mean, Math.Log2(n) - 3, Math.Log2(n) + 1);

        Assert.Null(t.RB_FIND(1)); // a miss walks to a leaf: at least the black height, at most the height
        Assert.InRange(s.LastDepth, 1, t.Height());
        foreach (var id in ids) t.RB_REMOVE(t.RB_FIND(id)!);
        Assert.Equal(ids.Count, s.Removes);
        AssertValid(t);
    }

    [Fact]
    public void counting_changes_nothing_the_tree_does()
    {
        var off = new RbTree<RbEnt>();
        var on = new RbTree<RbEnt> { Stats = new RbStats() };
        var rng = new SplitMix64(42);
        var live = new List<ulong>();
        for (int i = 0; i < 3000; i++)
        {
            ulong id = rng.Next() % 4096 * 8;
            if (i % 3 == 2 && live.Count > 0)
            {
                ulong victim = live[(int)(rng.Next() % (ulong)live.Count)];
                live.Remove(victim);
                off.RB_REMOVE(off.RB_FIND(victim)!);
                on.RB_REMOVE(on.RB_FIND(victim)!);
            }
            else if (off.RB_INSERT(new RbEnt(id)) is null)
            {
                Assert.Null(on.RB_INSERT(new RbEnt(id)));
                live.Add(id);
            }
        }
        Assert.Equal(Shape(off.RB_ROOT), Shape(on.RB_ROOT));
        Assert.True(on.Stats!.Compares > 0);
    }
}
