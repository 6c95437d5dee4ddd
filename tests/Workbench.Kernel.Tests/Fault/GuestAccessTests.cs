// Guest accesses end to end: the pmap as a TLB, read-only translations after read faults, INVAL and SETMAP forcing
// re-walks, the trapframe of a reflected fault, signals, and the per-fault log (spec §3.4, §4.5-§4.7, §6.5, §7 B2).
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Vk;
using static Workbench.Kernel.Tests.Fault.FaultKit;

namespace Workbench.Kernel.Tests.Fault;

public class GuestAccessTests
{
    [Fact]
    public void a_read_fault_installs_a_read_only_translation_and_the_first_write_faults_again_in_the_host_only()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(GuestVa, READ));
        Assert.True(k.Vms.vm_pmap.pmap_extract(GuestVa, out var pte) && !pte.Writable);
        long reflected = k.M.Counters.FaultsReflected, resolved = k.M.Counters.FaultsResolved;
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        Assert.Equal(resolved + 1, k.M.Counters.FaultsResolved);
        Assert.Equal(reflected, k.M.Counters.FaultsReflected);
        Assert.True(k.LastFault.Present && k.LastFault.Walk.MUpdates > 0);
        Assert.True(k.Vms.vm_pmap.pmap_extract(GuestVa, out pte) && pte.Writable);
        Assert.True(k.Cpu.InVmspace);
    }

    [Fact]
    public void a_translation_in_the_pmap_is_a_tlb_hit_with_no_fault_and_no_walk()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        long faults = k.M.Counters.Faults, walks = k.M.Counters.VpagetableWalks, hits = k.M.Counters.TlbHits;
        for (ulong off = 0; off < 0x1000; off += 8) Assert.Equal(0, k.Access(GuestVa + off, off % 16 == 0 ? READ : WRITE));
        Assert.Equal((faults, walks), (k.M.Counters.Faults, k.M.Counters.VpagetableWalks));
        Assert.Equal(hits + 512, k.M.Counters.TlbHits);
    }

    [Fact]
    public void tlb_hits_allocate_nothing()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        k.M.GuestAccess(k.Cpu, GuestVa, WRITE);             // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) k.M.GuestAccess(k.Cpu, GuestVa + (ulong)(i & 511) * 8, (i & 1) == 0 ? READ : WRITE);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void a_changed_vpte_is_invisible_until_MADV_INVAL_forces_a_re_walk()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(GuestVa, READ));
        k.Leaf(0, 0x12000, RWV);
        Assert.Equal(0, k.Access(GuestVa, READ));           // stale TLB hit
        Assert.True(k.Vms.vm_pmap.pmap_extract(GuestVa, out var pte) && pte.Pindex == 0x10);
        Assert.Equal(0x12000 | RWV, k.Peek(Pt));          // never walked: no A
        k.Inval(GuestVa);
        Assert.Equal(0, k.Access(GuestVa, READ));
        Assert.Equal(0x12UL, k.LastFault.Walk.FinalPindex);
        Assert.Equal(0x12000 | RWV | VPTE_A, k.Peek(Pt));
    }

    [Fact]
    public void pmap_inval_pte_zero_INVAL_zero_makes_the_next_access_reach_the_vkernel()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        k.Leaf(0, 0, 0);
        Assert.Equal(0, k.Access(GuestVa, WRITE));          // zeroed but not invalidated: still mapped
        k.Inval(GuestVa);
        k.Leaf(0, 0, 0);
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa, WRITE));
    }

    [Fact]
    public void a_reflected_fault_copies_out_the_frame_with_T_PAGEFLT_tf_addr_and_tf_err_and_vmspace_ctl_returns_0()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, VPTE_R | VPTE_V);
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa + 0x1234, READ));
        Assert.Equal((ulong)T_PAGEFLT, k.Frame(Trapframe.tf_trapno));
        Assert.Equal(GuestVa + 0x1234, k.Frame(Trapframe.tf_addr));
        Assert.Equal((ulong)PGEX_U, k.Frame(Trapframe.tf_err));
        Assert.Equal(0UL, k.Cpu.Frame[Trapframe.tf_rax]);                 // cpu_vkernel_trap: rax = 0, carry clear
        Assert.Equal(0UL, k.Cpu.Frame[Trapframe.tf_rflags] & PSL_C);
        Assert.Equal(0, k.Access(GuestVa, READ));
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa + 8, WRITE));
        Assert.Equal((ulong)(PGEX_P | PGEX_W | PGEX_U), k.Frame(Trapframe.tf_err));
        Assert.Equal(0, k.Vk0.lwp_proc.p_vkernel!.root.RB_FIND(Id)!.refs);
    }

    [Fact]
    public void a_reflected_fault_whose_copy_out_fails_makes_vmspace_ctl_return_EFAULT()
    {
        var k = new FaultKit();
        Assert.Equal(Errno.EJUSTRETURN, k.M.VmspaceCtl(k.Cpu, Id, VMSPACE_CTL_RUN, 0x400000, k.Frames + 0x1000).Error); // r-x text
        var r = k.M.GuestAccess(k.Cpu, GuestVa, READ);
        Assert.Equal(Errno.EFAULT, r.Error);
        Assert.False(k.Cpu.InVmspace);
        Assert.Equal(PSL_C, k.Cpu.Frame[Trapframe.tf_rflags] & PSL_C);
    }

    [Fact]
    public void guest_signal_returns_to_the_vkernel_with_trapno_0_and_a_bad_number_changes_nothing()
    {
        var k = new FaultKit();
        k.Enter();
        Assert.Equal(Errno.EINVAL, k.M.GuestSignal(k.Cpu, 0).Error);
        Assert.True(k.Cpu.InVmspace);
        Assert.Equal(0, k.M.GuestSignal(k.Cpu, Sig.SIGIO).Error);
        Assert.False(k.Cpu.InVmspace);
        Assert.Equal(0UL, k.Frame(Trapframe.tf_trapno));
        Assert.Equal(1, k.M.Counters.GuestSignals);
    }

    [Fact]
    public void a_partial_SETMAP_switches_the_whole_entry_but_flushes_only_its_range_B2()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        k.Poke(0x5000, Pdp | RWV);                        // a second PML4 whose PML4[0] reaches the same PDP...
        k.Poke(Pdp + 8, 0x7000 | RWV);                    // (unused)
        Assert.Equal(0, k.Access(GuestVa, READ));
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa + 0x1000_0000_0000, READ));   // PML4[2] is empty in the old tree
        Ok(k.M.VmspaceMcontrol(k.Vk0, Id, 0x1000_0000_0000, 0x1000, Mman.MADV_SETMAP, (long)(0x5000 | VPTE_R | VPTE_V)));
        var e = Assert.Single(k.Vms.vm_map.entries);                // merged back into one entry...
        Assert.Equal(0x5000 | VPTE_R | VPTE_V, e.master_pde);        // ...that carries the new master over all of it
        int faults = k.M.FaultLog!.Count;
        Assert.Equal(0, k.Access(GuestVa, READ));                     // the old translation outside the range survived:
        Assert.Equal(faults, k.M.FaultLog.Count);                   // a TLB hit, no walk of the new tree
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa, WRITE));            // a write re-walks: the new master has no W
        Assert.Equal((VpteFailure.NotWritable, 0), (k.LastFault.Walk.Failure, k.LastFault.Walk.Levels));
    }

    [Fact]
    public void the_fault_log_records_depth_outcome_write_backs_and_pmap_size_per_fault()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        k.Access(GuestVa, READ);
        k.Access(GuestVa, WRITE);
        k.Access(GuestVa + 0x1000, READ);
        var log = k.M.FaultLog!;
        Assert.Equal(3, log.Count);
        Assert.Equal((FaultOutcome.Resolved, 4, 4, 0, 1), (log[0].Outcome, log[0].Walk.Levels, log[0].Walk.AUpdates, log[0].Walk.MUpdates, log[0].PmapResident));
        Assert.Equal((FaultOutcome.Resolved, true, 4), (log[1].Outcome, log[1].Present, log[1].Walk.MUpdates));
        Assert.Equal((FaultOutcome.WalkFailed, PGEX_U, true), (log[2].Outcome, log[2].TfErr, log[2].Reflected));
        Assert.Equal(k.Cpu.lwp_tid, log[2].Tid);
    }
}
