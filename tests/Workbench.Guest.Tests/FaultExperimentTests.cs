// The notebook's experiments give the answers its findings claim (spec §4.5, §4.7, §6.5, §7 B2).
using Workbench.Guest.Experiments;

namespace Workbench.Guest.Tests;

public class FaultExperimentTests
{
    [Fact]
    public void each_page_of_a_working_set_is_reflected_once_and_resolved_in_the_host_on_the_retry_and_the_first_write()
    {
        var rows = FaultExperiments.WorkingSetSweep(1, [4, 16, 64], passes: 6);
        foreach (var r in rows)
        {
            Assert.Equal(r.Pages, r.Reflected);                      // first touch: the vkernel maps it
            Assert.Equal(2 * r.Pages, r.ResolvedInHost);             // the retry walk, and the first write after reads
            Assert.Equal(r.Pages, r.Invals);                         // exit: one INVAL per resident page
        }
        Assert.True(rows[^1].HitRate > rows[0].HitRate - 0.05);
    }

    [Fact]
    public void a_write_after_a_read_costs_one_more_host_fault_but_no_vkernel_work_and_copy_on_write_costs_two_INVALs()
    {
        var rows = FaultExperiments.FirstWriteCost(1).ToDictionary(r => r.Pattern);
        var w = rows["write"];
        var rw = rows["read, then write"];
        var cow = rows["write, fork, write again"];
        Assert.Equal((2L, 1L, 1L), (w.GuestFaults, w.ResolvedInHost, w.Reflected));
        Assert.Equal((3L, 2L, 1L), (rw.GuestFaults, rw.ResolvedInHost, rw.Reflected));
        Assert.Equal(w.VkernelHostCalls, rw.VkernelHostCalls);
        Assert.Equal(0, rw.Invals);
        Assert.Equal((1L, 2L), (cow.Reflected, cow.Invals));
    }

    [Fact]
    public void a_partial_SETMAP_leaves_the_old_translation_live_outside_its_range_until_an_INVAL()
    {
        var s = FaultExperiments.PartialSetmap(1);
        Assert.Equal(0x10, s[0].PageReached);
        Assert.Equal(1, s[2].MapEntries.Count(ch => ch == '['));                  // merged back: one entry, the new master
        Assert.Equal(0x20, s[3].PageReached);                       // flushed sub-range: new tree
        Assert.Equal(("TLB hit (no walk)", 0x10L), (s[4].Outcome, s[4].PageReached));   // outside it: stale
        Assert.Equal(0x20, s[6].PageReached);                       // after INVAL: new tree everywhere
    }
}
