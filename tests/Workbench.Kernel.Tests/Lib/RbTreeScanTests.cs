// Tests for src/Workbench.Kernel/Lib/RbTree.Scan.cs: DragonFly's RB_SCAN (removal during the scan) and RB_FOREACH.
using Workbench.Kernel.Lib;
using Workbench.Kernel.Sys;

using static Workbench.Kernel.Tests.Lib.RbKit;

namespace Workbench.Kernel.Tests.Lib;

public class RbTreeScanTests
{
    [Fact]
    public void rb_foreach_panics_when_the_tree_changes_during_the_walk()
    {
        var t = TreeOf(1, 2, 3);
        var ex = Assert.Throws<KernelPanicException>(() =>
        {
            foreach (var e in t.RB_FOREACH()) t.RB_REMOVE(e);
        });
        Assert.Contains("RB_FOREACH", ex.Message);
    }

    [Fact]
    public void rb_scan_allows_removing_the_visited_element()
    {
        // vkernel_exit: RB_SCAN(vmspace_rb_tree, &vkp->root, NULL, rb_vmspace_delete, vkp) removes every entry.
        var ids = Enumerable.Range(1, 100).Select(i => (ulong)i * 0x1000).ToArray();
        var t = TreeOf(ids);
        var visited = new List<ulong>();
        int r = t.RB_SCAN(ve =>
        {
            visited.Add(ve.rb_key);
            t.RB_REMOVE(ve);
            AssertValid(t);
            return 0;
        });
        Assert.Equal(0, r);
        Assert.Equal(ids, visited);
        Assert.Equal(0, t.Count);
        Assert.True(t.RB_EMPTY);
    }

    [Fact]
    public void rb_scan_skips_an_element_the_callback_removed_before_it_was_visited()
    {
        var t = TreeOf(1, 2, 3, 4, 5, 6);
        var visited = new List<ulong>();
        t.RB_SCAN(ve =>
        {
            visited.Add(ve.rb_key);
            if (ve.rb_key == 2) { t.RB_REMOVE(t.RB_FIND(3)!); t.RB_REMOVE(ve); }
            return 0;
        });
        Assert.Equal(new ulong[] { 1, 2, 4, 5, 6 }, visited);
        Assert.Equal(new ulong[] { 1, 4, 5, 6 }, Keys(t.RB_FOREACH()));
    }

    [Fact]
    public void rb_scan_stops_on_a_negative_return_and_returns_it()
    {
        var t = TreeOf(1, 2, 3, 4);
        var visited = new List<ulong>();
        int r = t.RB_SCAN(ve => { visited.Add(ve.rb_key); return ve.rb_key == 2 ? -5 : 1; });
        Assert.Equal(-5, r);
        Assert.Equal(new ulong[] { 1, 2 }, visited);
    }

    [Fact]
    public void rb_scan_returns_the_sum_of_the_callback_returns()
    {
        var t = TreeOf(1, 2, 3, 4);
        Assert.Equal(10, t.RB_SCAN(ve => (int)ve.rb_key));
        Assert.Equal(0, new RbTree<RbEnt>().RB_SCAN(_ => 1));
    }

    [Fact]
    public void rb_scan_with_a_scancmp_visits_only_its_range()
    {
        var t = TreeOf(10, 20, 30, 40, 50, 60);
        var visited = new List<ulong>();
        t.RB_SCAN(ve => ve.rb_key < 20 ? -1 : ve.rb_key > 45 ? 1 : 0, ve => { visited.Add(ve.rb_key); return 0; });
        Assert.Equal(new ulong[] { 20, 30, 40 }, visited);
    }

    [Fact]
    public void nested_rb_scans_both_survive_removal_of_the_element_the_outer_scan_visits_next()
    {
        var t = TreeOf(1, 2, 3, 4);
        var outer = new List<ulong>();
        t.RB_SCAN(a =>
        {
            outer.Add(a.rb_key);
            if (a.rb_key == 1)
                t.RB_SCAN(b => { if (b.rb_key == 2) t.RB_REMOVE(b); return 0; });
            return 0;
        });
        Assert.Equal(new ulong[] { 1, 3, 4 }, outer);
        AssertValid(t);
    }

    [Fact]
    public void rb_scans_that_end_out_of_order_still_see_removals_made_by_others()
    {
        // Two threads take turns on the tree (a handshake serialises them, as vkp->token would). A's callback blocks
        // on its first element while B starts its own scan; A then finishes first and removes 2, the element B's
        // scan is about to visit. B must skip it, so A's record must leave the in-progress list without B's.
        //   A: visit 1 .. block ............ visit 2..6, end, RB_REMOVE(2) .. wake B
        //   B:              visit 1, block ..................................... visit 3..6
        var t = TreeOf(1, 2, 3, 4, 5, 6);
        var a = new List<ulong>();
        var b = new List<ulong>();
        using var bStart = new SemaphoreSlim(0);
        using var aGo = new SemaphoreSlim(0);
        using var aDone = new SemaphoreSlim(0);
        var timeout = TimeSpan.FromSeconds(10);
        var threadB = new Thread(() =>
        {
            bStart.Wait(timeout);
            t.RB_SCAN(ve =>
            {
                b.Add(ve.rb_key);
                if (ve.rb_key == 1) { aGo.Release(); aDone.Wait(timeout); }
                return 0;
            });
        });
        threadB.Start();
        t.RB_SCAN(ve =>
        {
            a.Add(ve.rb_key);
            if (ve.rb_key == 1) { bStart.Release(); Assert.True(aGo.Wait(timeout), "thread B never blocked"); }
            return 0;
        });
        t.RB_REMOVE(t.RB_FIND(2)!);
        aDone.Release();
        Assert.True(threadB.Join(timeout), "thread B never finished");
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5, 6 }, a);
        Assert.Equal(new ulong[] { 1, 3, 4, 5, 6 }, b);
        AssertValid(t);
    }
}
