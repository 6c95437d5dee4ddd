// vm_map_madvise (spec §2.6) through madvise(2)/mcontrol(2) and directly: INVAL, SETMAP, the simplify hazard (B2),
// gaps, the object group, and the syscalls' bound checks.
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Tests.Vm.VmKit;

namespace Workbench.Kernel.Tests.Vm;

public class MadviseTests
{
    const ulong A = Base;
    const ulong X = 0x1000 | Vk.VPTE_V | Vk.VPTE_R | Vk.VPTE_W;
    const ulong Y = 0x9000 | Vk.VPTE_V | Vk.VPTE_R | Vk.VPTE_W;

    /// <summary>A VPAGETABLE mapping of a memory-image file at [A, A+pages*P) with offset == address, SETMAP X, and a
    /// hardware PTE on every page (as the VPAGETABLE walk would leave them).</summary>
    static (VmKit K, VmObject Img) VptWithPtes(int pages)
    {
        var k = new VmKit();
        var (fd, vp) = k.OpenRegular("/tmp/memimg", A + (ulong)pages * P, Fcntl.FREAD | Fcntl.FWRITE);
        var r = k.Mmap(A, (ulong)pages * P, RW, MAP_SHARED | MAP_VPAGETABLE | MAP_FIXED, fd, (long)A);
        Assert.True(r.Ok, r.Format());
        Assert.True(k.Mcontrol(A, (ulong)pages * P, MADV_SETMAP, (long)X).Ok);
        for (int i = 0; i < pages; i++)
            k.Vms.vm_pmap.pmap_enter(A + (ulong)i * P, vp.v_object!, Param.atop(A) + (ulong)i, true);
        return (k, vp.v_object!);
    }

    static bool Resident(VmKit k, ulong va) => k.Vms.vm_pmap.pmap_extract(va, out _);

    [Fact]
    public void MADV_INVAL_removes_the_translations_of_the_range_on_a_NORMAL_entry()
    {
        var k = new VmKit();
        Assert.True(k.Mmap(A, 4 * P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.Equal(0, VmCopy.copyout(k.Vms, new byte[4 * P], A));
        Assert.Equal(4, ResidentIn(k.Vms, A, A + 4 * P));
        long removes = k.M.Counters.PmapRemoves;
        Assert.True(k.Madvise(A + P + 1, 1, MADV_INVAL).Ok);   // trunc/round: exactly page A+P
        Assert.False(Resident(k, A + P));
        Assert.True(Resident(k, A) && Resident(k, A + 2 * P));
        Assert.Equal(removes + 1, k.M.Counters.PmapRemoves);
        Assert.Equal(1, EntriesIn(k.Map, A, A + 4 * P));          // clipped, then simplified back
        var b = new byte[1];
        Assert.Equal(0, VmCopy.copyin(k.Vms, A + P, b));         // refaults, data kept
        AssertInvariants(k.Vms);
    }

    [Fact]
    public void MADV_INVAL_removes_the_translations_of_a_VPAGETABLE_entry_too()
    {
        var (k, _) = VptWithPtes(4);
        uint ts = k.Map.timestamp;
        Assert.True(k.Mcontrol(A, 4 * P, MADV_INVAL, 0).Ok);
        Assert.Equal(0, ResidentIn(k.Vms, A, A + 4 * P));
        Assert.True(k.Map.timestamp > ts, "INVAL takes the exclusive lock and bumps the timestamp");
        Assert.Equal(X, k.Map.vm_map_lookup_entry(A)!.master_pde);
    }

    [Fact]
    public void MADV_SETMAP_stores_master_pde_and_flushes_a_whole_VPAGETABLE_entry()
    {
        var (k, _) = VptWithPtes(4);
        Assert.True(k.Mcontrol(A, 4 * P, MADV_SETMAP, (long)Y).Ok);
        Assert.Equal(Y, k.Map.vm_map_lookup_entry(A + 3 * P)!.master_pde);
        Assert.Equal(0, ResidentIn(k.Vms, A, A + 4 * P));
        Assert.Equal(1, EntriesIn(k.Map, A, A + 4 * P));
    }

    [Fact]
    public void MADV_SETMAP_on_a_NORMAL_entry_returns_EINVAL_but_continues_with_the_remaining_entries()
    {
        //  A     A+2P        A+6P
        //  [NORM][VPT pde=X  ]       mcontrol(A, 6P, SETMAP, Y) -> EINVAL, yet VPT now has pde Y and no PTEs
        var k = new VmKit();
        Assert.True(k.Mmap(A, 2 * P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.True(k.Mmap(A + 2 * P, 4 * P, RW, MAP_ANON | MAP_VPAGETABLE | MAP_FIXED).Ok);
        Assert.True(k.Mcontrol(A + 2 * P, 4 * P, MADV_SETMAP, (long)X).Ok);
        var obj = VmObject.vm_object_allocate(ObjType.OBJT_DEFAULT, 1);
        k.Vms.vm_pmap.pmap_enter(A + 3 * P, obj, 0, false);
        var r = k.Mcontrol(A, 6 * P, MADV_SETMAP, (long)Y);
        Assert.Equal(EINVAL, r.Error);
        Assert.Equal(Y, k.Map.vm_map_lookup_entry(A + 2 * P)!.master_pde);
        Assert.Equal(0UL, k.Map.vm_map_lookup_entry(A)!.master_pde);
        Assert.False(Resident(k, A + 3 * P));
    }

    [Fact]
    public void a_partial_MADV_SETMAP_spreads_the_new_master_pde_over_the_whole_entry_but_flushes_only_the_subrange_B2()
    {
        //  A                                 A+8P
        //  [VPT pde=X  P P P P P P P P]               every page has a hardware PTE (P)
        //
        //  mcontrol(A+2P, 2P, SETMAP, Y):
        //  [VPT X P P][VPT Y . .][VPT X P P P P]      clip_start, clip_end, store Y, pmap_remove the middle
        //  [VPT pde=Y  P P . . P P P P]               simplify merges all three (master_pde not compared);
        //                                             the middle piece survives, so Y now governs [A, A+8P)
        //                                             while PTEs made through X stay live outside the subrange.
        var (k, img) = VptWithPtes(8);
        Assert.True(k.Mcontrol(A + 2 * P, 2 * P, MADV_SETMAP, (long)Y).Ok);
        Assert.Equal(1, EntriesIn(k.Map, A, A + 8 * P));
        var e = k.Map.vm_map_lookup_entry(A)!;
        Assert.Equal((A, A + 8 * P, Y), (e.start, e.end, e.master_pde));
        Assert.Equal(A, e.offset);
        for (int i = 0; i < 8; i++)
        {
            bool expectStale = i < 2 || i >= 4;
            Assert.True(Resident(k, A + (ulong)i * P) == expectStale,
                $"page {i}: resident={Resident(k, A + (ulong)i * P)} instead of {expectStale}\n{Dump(k.Map)}");
        }
        Assert.Equal(2, img.RefCount);                   // the vnode's own + the single merged entry
        AssertInvariants(k.Vms);
    }

    [Fact]
    public void vm_map_madvise_skips_gaps_silently_and_returns_0_for_an_empty_range()
    {
        var k = new VmKit();
        Assert.True(k.Mmap(A + 2 * P, P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.True(k.Madvise(A, 8 * P, MADV_NOSYNC).Ok);
        Assert.NotEqual(0, k.Map.vm_map_lookup_entry(A + 2 * P)!.eflags & VmMapEntry.MAP_ENTRY_NOSYNC);
        Assert.True(k.Mcontrol(A + 16 * P, 4 * P, MADV_SETMAP, 1).Ok, "SETMAP over nothing returns 0");
        Assert.Equal(0, k.Map.vm_map_madvise(A + 16 * P, A + 20 * P, MADV_INVAL, 0));
    }

    [Fact]
    public void MADV_behaviours_clip_apply_and_simplify_back_when_reverted()
    {
        //  A                A+4P
        //  [AAAAAAAAAAAAAAAA]        madvise(A+P, P, RANDOM)   -> 3 entries
        //  [AAAA][RR][AAAAAA]        madvise(A+P, P, NORMAL)   -> merged again
        var k = new VmKit();
        Assert.True(k.Mmap(A, 4 * P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.True(k.Madvise(A + P, P, MADV_RANDOM).Ok);
        Assert.Equal(3, EntriesIn(k.Map, A, A + 4 * P));
        Assert.Equal(MADV_RANDOM, k.Map.vm_map_lookup_entry(A + P)!.behavior);
        Assert.True(k.Madvise(A + P, P, MADV_NORMAL).Ok);
        Assert.Equal(1, EntriesIn(k.Map, A, A + 4 * P));
        AssertInvariants(k.Vms);
    }

    [Fact]
    public void the_object_group_affects_only_NORMAL_entries_and_WILLNEED_pre_enters_resident_pages_read_only()
    {
        var k = new VmKit();
        Assert.True(k.Mmap(A, 2 * P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.Equal(0, VmCopy.copyout(k.Vms, new byte[] { 9 }, A));
        Assert.True(k.Madvise(A, 2 * P, MADV_INVAL).Ok);
        long ts = k.Map.timestamp;
        Assert.True(k.Madvise(A, 2 * P, MADV_WILLNEED).Ok);
        Assert.Equal(ts, k.Map.timestamp);               // read lock only
        Assert.True(k.Vms.vm_pmap.pmap_extract(A, out var pte) && !pte.Writable);
        Assert.False(Resident(k, A + P));                // never touched: not resident, not entered
        Assert.True(k.Madvise(A, 2 * P, MADV_DONTNEED).Ok);
        Assert.True(k.Madvise(A, 2 * P, MADV_FREE).Ok);
        Assert.Equal(1, EntriesIn(k.Map, A, A + 2 * P));  // no clipping in the object group

        var (kv, _) = VptWithPtes(2);
        Assert.True(kv.Madvise(A, 2 * P, MADV_INVAL).Ok);
        Assert.True(kv.Madvise(A, 2 * P, MADV_WILLNEED).Ok);
        Assert.Equal(0, ResidentIn(kv.Vms, A, A + 2 * P));   // VPAGETABLE: no-op
    }

    [Theory]
    [InlineData(-1, EINVAL)]
    [InlineData(MADV_INVAL, 0)]
    [InlineData(MADV_SETMAP, EINVAL)]
    [InlineData(12, EINVAL)]
    public void sys_madvise_accepts_behav_0_to_10_only(int behav, int expected)
    {
        var k = new VmKit();
        Assert.Equal(expected, k.Madvise(A, P, behav).Error);
    }

    [Theory]
    [InlineData(-1, EINVAL)]
    [InlineData(MADV_SETMAP, 0)]
    [InlineData(12, EINVAL)]
    public void sys_mcontrol_accepts_behav_0_to_MADV_CONTROL_END(int behav, int expected)
    {
        var k = new VmKit();
        Assert.Equal(expected, k.Mcontrol(A, P, behav, 0).Error);
    }

    [Fact]
    public void sys_madvise_and_sys_mcontrol_return_EINVAL_for_a_wrapping_range_or_one_past_VM_MAX_USER_ADDRESS()
    {
        var k = new VmKit();
        Assert.Equal(EINVAL, k.Madvise(ulong.MaxValue - P, 2 * P, MADV_INVAL).Error);
        Assert.Equal(EINVAL, k.Mcontrol(Param.VM_MAX_USER_ADDRESS - P, 2 * P, MADV_INVAL, 0).Error);
        Assert.Equal(0, k.Mcontrol(Param.VM_MAX_USER_ADDRESS - P, P, MADV_INVAL, 0).Error);
        Assert.Equal(EINVAL, k.Madvise(A, P, 99).Error);  // behav check comes first
    }

    [Fact]
    public void sys_munmap_checks_wrap_zero_size_VM_MAX_and_holes_before_removing()
    {
        var k = new VmKit();
        Assert.True(k.Mmap(A, 2 * P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.Equal(EINVAL, k.Munmap(A, ulong.MaxValue).Error);               // size wraps
        Assert.Equal(EINVAL, k.Munmap(ulong.MaxValue & ~(P - 1), 2 * P).Error); // addr + size wraps
        Assert.Equal(0, k.Munmap(A + 8 * P, 0).Error);                         // aligned, empty: no-op even unmapped
        Assert.Equal(EINVAL, k.Munmap(Param.VM_MAX_USER_ADDRESS - P, 2 * P).Error);
        Assert.Equal(EINVAL, k.Munmap(A, 3 * P).Error);                         // runs into a hole
        Assert.Equal(EINVAL, k.Munmap(A - P, 2 * P).Error);                     // starts in a hole
        Assert.Equal(0, k.Munmap(A + P + 5, 0).Error);                          // unaligned, len 0: one whole page
        Assert.Null(k.Map.vm_map_lookup_entry(A + P));
        Assert.NotNull(k.Map.vm_map_lookup_entry(A));
        AssertInvariants(k.Vms);
    }
}
