// The rules of vm_fault_vpagetable (spec §4.4), one test each, driven through guest accesses.
//
//   master_pde -> PML4 0x1000 [0] -> PDP 0x2000 [0] -> PD 0x3000 [2] -> PT 0x4000 [n] -> data page
//   guest 0x400000 + n*0x1000
using Workbench.Kernel.Kern;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Vk;
using static Workbench.Kernel.Tests.Fault.FaultKit;

namespace Workbench.Kernel.Tests.Fault;

public class VpagetableWalkTests
{
    /// <summary>The vpte at each level of the default tree (0 = the master value).</summary>
    static void SetLevel(FaultKit k, int level, ulong bits)
    {
        switch (level)
        {
            case 0: Ok(k.M.VmspaceMcontrol(k.Vk0, Id, 0, Sys.Param.VM_MAX_USER_ADDRESS, Sys.Mman.MADV_SETMAP, (long)(Pml4 | bits))); break;
            case 1: k.Poke(Pml4, Pdp | bits); break;
            case 2: k.Poke(Pdp, Pd | bits); break;
            case 3: k.Poke(Pd + 16, Pt | bits); break;
            default: k.Leaf(0, 0x10000, bits); break;
        }
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void a_vpte_without_VPTE_V_at_any_level_fails_the_walk_and_reflects_T_PAGEFLT(int level)
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        SetLevel(k, level, VPTE_R | VPTE_W);           // everything but V
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa, READ));
        Assert.Equal(VpteFailure.NotValid, k.LastFault.Walk.Failure);
        Assert.Equal(level, k.LastFault.Walk.Levels);   // the walk read `level` table pages before stopping
        Assert.Equal(FaultOutcome.WalkFailed, k.LastFault.Outcome);
        Assert.False(k.Cpu.InVmspace);
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void a_read_fault_fails_on_a_vpte_without_VPTE_R_and_a_write_fault_does_not_check_R(int level)
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        SetLevel(k, level, VPTE_W | VPTE_V);
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa, READ));
        Assert.Equal(VpteFailure.NotReadable, k.LastFault.Walk.Failure);
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa, EXEC));  // execute faults are read faults (spec §4.1)
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        Assert.Equal(FaultOutcome.Resolved, k.LastFault.Outcome);
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void a_write_fault_fails_on_a_vpte_without_VPTE_W_and_a_read_fault_does_not_check_W(int level)
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        SetLevel(k, level, VPTE_R | VPTE_V);
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa, WRITE));
        Assert.Equal(VpteFailure.NotWritable, k.LastFault.Walk.Failure);
        Assert.Equal(0, k.Access(GuestVa, READ));
        Assert.True(k.Vms.vm_pmap.pmap_extract(GuestVa, out var pte) && !pte.Writable);
    }

    [Fact]
    public void a_read_fault_ORs_VPTE_A_into_every_vpte_it_reads_and_never_M()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(GuestVa, READ));
        Assert.Equal(Pdp | RWV | VPTE_A, k.Peek(Pml4));
        Assert.Equal(Pd | RWV | VPTE_A, k.Peek(Pdp));
        Assert.Equal(Pt | RWV | VPTE_A, k.Peek(Pd + 16));
        Assert.Equal(0x10000 | RWV | VPTE_A, k.Peek(Pt));
        Assert.Equal((4, 4, 0), (k.LastFault.Walk.Levels, k.LastFault.Walk.AUpdates, k.LastFault.Walk.MUpdates));
    }

    [Fact]
    public void a_write_fault_ORs_VPTE_M_and_VPTE_A_into_every_vpte_it_reads_including_directories()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        foreach (var (phys, frame) in new[] { (Pml4, Pdp), (Pdp, Pd), (Pd + 16, Pt), (Pt, 0x10000UL) })
            Assert.Equal(frame | RWV | VPTE_A | VPTE_M, k.Peek(phys));
        Assert.Equal(4, k.LastFault.Walk.MUpdates);
    }

    [Fact]
    public void write_back_happens_only_when_a_bit_is_missing_and_only_on_vptes_that_pass_the_check()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV | VPTE_A | VPTE_M);
        k.Leaf(1, 0x11000, VPTE_R | VPTE_V);             // read-only leaf
        k.Leaf(2, 0, VPTE_A | VPTE_M);                   // A|M alone: what A2's race can leave behind
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        Assert.Equal(3, k.LastFault.Walk.MUpdates);      // the leaf already had M|A
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa + 0x1000, WRITE));
        Assert.Equal(0x11000 | VPTE_R | VPTE_V, k.Peek(Pt + 8));   // not writable: no M, and a write fault sets no A
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa + 0x2000, READ));
        Assert.Equal(VPTE_A | VPTE_M, k.Peek(Pt + 16));
        Assert.Equal(VpteFailure.NotValid, k.LastFault.Walk.Failure);
    }

    [Fact]
    public void the_master_pde_is_never_given_A_or_M()
    {
        var k = new FaultKit();
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(GuestVa, WRITE));
        var e = k.Vms.vm_map.entries.Single();
        Assert.Equal(Pml4 | RWV, e.master_pde);
    }

    [Theory]
    [InlineData(3, 0x5ff000UL, 0x200000UL, 0x3ffUL)]           // PS in PD[2]: 2 MiB at file 0x200000
    [InlineData(2, 0x40003000UL, 0x0UL, 0x3UL)]                 // PS in PDP[1]: 1 GiB at file 0
    public void VPTE_PS_in_a_directory_ends_the_walk_and_keeps_the_low_bits_of_the_pindex(int levels, ulong va, ulong frame, ulong page)
    {
        var k = new FaultKit();
        if (levels == 3) k.Poke(Pd + 16, frame | VPTE_PS | RWV);
        else k.Poke(Pdp + 8, frame | VPTE_PS | RWV);
        Assert.Equal(0, k.Access(va, READ));
        Assert.Equal(levels, k.LastFault.Walk.Levels);
        Assert.Equal(page, k.LastFault.Walk.FinalPindex);
        Assert.True(k.Vms.vm_pmap.pmap_extract(va, out var pte) && pte.Pindex == page);
    }

    [Fact]
    public void VPTE_PS_on_the_master_value_maps_the_entry_linearly_without_reading_a_table()
    {
        var k = new FaultKit(tree: false, master: VPTE_PS | RWV);
        k.Poke(0x3ff000, 0x77);
        Assert.Equal(0, k.Access(0x3ff000, READ));
        Assert.Equal((0, 0x3ffUL), (k.LastFault.Walk.Levels, k.LastFault.Walk.FinalPindex));
        Assert.Equal(T_PAGEFLT, k.Access(0x400000, READ));  // one past the file: the pager fails (spec §9 q6)
        Assert.Equal(FaultOutcome.ProtectionFailure, k.LastFault.Outcome);
    }

    [Fact]
    public void the_walk_indexes_the_object_relative_pindex_not_the_virtual_address()
    {
        //  0x200000 [entry: file offset 0]   guest 0x200000 is object page 0, so it walks as vpn 0 (PT[0] of PD[0])
        var k = new FaultKit(tree: false);
        Ok(k.M.VmspaceMunmap(k.Vk0, Id, 0, Sys.Param.VM_MAX_USER_ADDRESS));
        Ok(k.M.VmspaceMmap(k.Vk0, Id, 0x200000, 0x200000, Sys.Mman.PROT_READ | Sys.Mman.PROT_WRITE,
            Sys.Mman.MAP_SHARED | Sys.Mman.MAP_VPAGETABLE | Sys.Mman.MAP_FIXED, k.Fd, 0));
        Ok(k.M.VmspaceMcontrol(k.Vk0, Id, 0x200000, 0x200000, Sys.Mman.MADV_SETMAP, (long)(Pml4 | RWV)));
        k.Poke(Pml4, Pdp | RWV);
        k.Poke(Pdp, Pd | RWV);
        k.Poke(Pd, Pt | RWV);                              // PD[0], not PD[1] where va 0x200000 would index
        k.Leaf(0, 0x10000, RWV);
        Assert.Equal(0, k.Access(0x200000, READ));
        Assert.Equal(0x10UL, k.LastFault.Walk.FinalPindex);
    }

    [Fact]
    public void a_table_frame_past_the_end_of_the_file_fails_the_walk_in_the_pager()
    {
        var k = new FaultKit();
        k.Poke(Pd + 16, 0x800000 | RWV);                 // PT beyond the 4 MiB file
        Assert.Equal(T_PAGEFLT, k.Access(GuestVa, READ));
        Assert.Equal(VpteFailure.TablePage, k.LastFault.Walk.Failure);
        Assert.Equal(FaultOutcome.ProtectionFailure, k.LastFault.Outcome);
    }

    [Fact]
    public void vpagetable_translations_map_pages_of_the_entrys_object_and_keep_every_invariant()
    {
        var k = new FaultKit();
        for (int n = 0; n < 8; n++) k.Leaf(n, 0x10000 + (ulong)n * 0x1000, RWV);
        for (int n = 0; n < 8; n++) Assert.Equal(0, k.Access(GuestVa + (ulong)n * 0x1000, n % 2 == 0 ? READ : WRITE));
        k.AssertInvariants();
        var obj = k.Vms.vm_map.entries.Single().@object;
        Assert.All(k.Vms.vm_pmap.Entries, x => Assert.Same(obj, x.Pte.Object));
        Assert.Equal(8, k.Vms.vm_pmap.ResidentCount);
    }
}
