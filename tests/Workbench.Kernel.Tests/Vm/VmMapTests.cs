// vm_map_insert / coalesce / clip / remove / check_protection / findspace and vm_map_hint, on a bare vmspace.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Tests.Vm.VmKit;

namespace Workbench.Kernel.Tests.Vm;

public class VmMapTests
{
    const ulong A = 0x40_0000;

    static (VmKit K, VmSpace Vm, VmMap Map) Fresh()
    {
        var k = new VmKit();
        var vm = k.NewVmspace();
        return (k, vm, vm.vm_map);
    }

    static int InsertAnon(VmMap map, ulong s, ulong e, int prot = VM_PROT_ALL, int maptype = VM_MAPTYPE_NORMAL) =>
        map.vm_map_insert(null, 0, s, e, maptype, prot, VM_PROT_ALL, 0);

    [Fact]
    public void vm_map_insert_returns_KERN_INVALID_ADDRESS_outside_the_map_or_for_an_empty_range()
    {
        var (_, vm, map) = Fresh();
        Assert.Equal(KERN_INVALID_ADDRESS, InsertAnon(map, A, A));
        Assert.Equal(KERN_INVALID_ADDRESS, InsertAnon(map, A + P, A));
        Assert.Equal(KERN_INVALID_ADDRESS, InsertAnon(map, Param.VM_MAX_USER_ADDRESS - P, Param.VM_MAX_USER_ADDRESS + P));
        Assert.Equal(0, map.nentries);
        AssertInvariants(vm);
    }

    [Fact]
    public void vm_map_insert_returns_KERN_NO_SPACE_when_start_is_mapped_or_the_next_entry_starts_before_end()
    {
        //  A     A+2P  A+4P
        //  [AAAA]      [BBBB]
        //    [xxxx]                  starts inside A          -> NO_SPACE
        //        [xxxxxx]            runs into B              -> NO_SPACE
        var (_, vm, map) = Fresh();
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A, A + 2 * P, VM_PROT_READ));
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A + 4 * P, A + 6 * P, VM_PROT_READ));
        Assert.Equal(KERN_NO_SPACE, InsertAnon(map, A + P, A + 3 * P));
        Assert.Equal(KERN_NO_SPACE, InsertAnon(map, A + 2 * P, A + 5 * P));
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A + 2 * P, A + 4 * P, VM_PROT_ALL));
        Assert.Equal(3, map.nentries);
        AssertInvariants(vm);
    }

    [Fact]
    public void vm_map_insert_coalesces_an_anonymous_request_into_a_matching_previous_entry()
    {
        //  A     A+2P  A+3P
        //  [AAAA][BB]                same prot, anonymous   -> one entry [A, A+3P)
        //            [CC]            different prot         -> separate entry
        var (_, vm, map) = Fresh();
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A, A + 2 * P));
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A + 2 * P, A + 3 * P));
        Assert.Equal(1, map.nentries);
        Assert.Equal((A, A + 3 * P), (map.entries[0].start, map.entries[0].end));
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A + 3 * P, A + 4 * P, VM_PROT_READ));
        Assert.Equal(2, map.nentries);
        Assert.Equal(4 * P, map.size);
        AssertInvariants(vm);
    }

    [Fact]
    public void vm_map_insert_coalescing_ignores_master_pde_so_the_new_range_inherits_it_B3()
    {
        //  A          A+4P       A+8P
        //  [VPT pde=X ]                  SETMAP X on the first mapping
        //             [VPT      ]        anonymous VPAGETABLE insert    -> merged, pde X over [A, A+8P)
        var (_, vm, map) = Fresh();
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A, A + 4 * P, VM_PROT_READ | VM_PROT_WRITE, VM_MAPTYPE_VPAGETABLE));
        const ulong X = 0x5000 | Vk.VPTE_V | Vk.VPTE_R | Vk.VPTE_W;
        Assert.Equal(0, map.vm_map_madvise(A, A + 4 * P, MADV_SETMAP, (long)X));
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A + 4 * P, A + 8 * P, VM_PROT_READ | VM_PROT_WRITE, VM_MAPTYPE_VPAGETABLE));
        Assert.Equal(1, map.nentries);
        Assert.Equal(X, map.vm_map_lookup_entry(A + 6 * P)!.master_pde);
        AssertInvariants(vm);
    }

    [Fact]
    public void vm_map_insert_does_not_coalesce_different_maptypes_or_object_backed_requests()
    {
        var (k, vm, map) = Fresh();
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A, A + P));
        Assert.Equal(KERN_SUCCESS, InsertAnon(map, A + P, A + 2 * P, VM_PROT_ALL, VM_MAPTYPE_VPAGETABLE));
        var (_, vp) = k.OpenRegular("/tmp/f", 4 * P, Fcntl.FREAD);
        vp.v_object!.vm_object_reference();
        Assert.Equal(KERN_SUCCESS, map.vm_map_insert(vp.v_object, 0, A + 2 * P, A + 3 * P, VM_MAPTYPE_VPAGETABLE, VM_PROT_ALL, VM_PROT_ALL, 0));
        Assert.Equal(3, map.nentries);
        Assert.Equal(2, vp.v_object.RefCount);
        AssertInvariants(vm);
    }

    [Fact]
    public void vm_map_remove_clips_both_ends_and_leaves_remainders_with_identical_attributes_and_advanced_offsets()
    {
        //  A                A+4P
        //  [VPT pde=X       ]        vm_map_remove(A+P, A+2P)
        //  [R1 ]     [R2    ]        R1, R2 keep maptype and pde; R2.offset = A+2P
        var (_, vm, map) = Fresh();
        var obj = VmObject.vm_object_allocate(ObjType.OBJT_DEFAULT, 0x1000);
        Assert.Equal(KERN_SUCCESS, map.vm_map_insert(obj, A, A, A + 4 * P, VM_MAPTYPE_VPAGETABLE, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL, 0));
        Assert.Equal(0, map.vm_map_madvise(A, A + 4 * P, MADV_SETMAP, 0x7007));
        Assert.Equal(KERN_SUCCESS, map.vm_map_remove(A + P, A + 2 * P));
        Assert.Equal(2, map.nentries);
        var (r1, r2) = (map.entries[0], map.entries[1]);
        Assert.Equal((A, A + P, A), (r1.start, r1.end, r1.offset));
        Assert.Equal((A + 2 * P, A + 4 * P, A + 2 * P), (r2.start, r2.end, r2.offset));
        Assert.All(new[] { r1, r2 }, e => Assert.Equal((VM_MAPTYPE_VPAGETABLE, 0x7007UL), (e.maptype, e.master_pde)));
        Assert.Same(obj, r1.@object);
        Assert.Same(obj, r2.@object);
        Assert.Equal(2, obj.RefCount);
        Assert.Equal(3 * P, map.size);
        AssertInvariants(vm);
    }

    [Fact]
    public void vm_map_remove_tolerates_holes_clamps_to_the_map_and_always_succeeds()
    {
        var (_, vm, map) = Fresh();
        InsertAnon(map, A, A + P);
        InsertAnon(map, A + 4 * P, A + 5 * P, VM_PROT_READ);
        Assert.Equal(KERN_SUCCESS, map.vm_map_remove(0, ulong.MaxValue));
        Assert.Equal(0, map.nentries);
        Assert.Equal(0UL, map.size);
        Assert.Equal(KERN_SUCCESS, map.vm_map_remove(A, A + P));
    }

    [Fact]
    public void vm_map_remove_frees_the_pages_of_an_anonymous_object_and_drops_translations()
    {
        var (_, vm, map) = Fresh();
        InsertAnon(map, A, A + 4 * P);
        Assert.Equal(0, VmCopy.copyout(vm, new byte[4 * (int)P], A));
        var obj = map.entries[0].@object!;
        Assert.Equal(4, obj.ResidentPages);
        Assert.Equal(4, vm.vm_pmap.ResidentCount);
        map.vm_map_remove(A + P, A + 3 * P);           // middle: the object is shared by two pieces, one mapping each
        Assert.Equal(2, obj.ResidentPages);
        Assert.Equal(2, vm.vm_pmap.ResidentCount);
        map.vm_map_remove(A, A + 4 * P);
        Assert.True(obj.Dead);
        Assert.Equal(0, vm.vm_pmap.ResidentCount);
    }

    [Fact]
    public void vm_map_remove_keeps_the_pages_of_a_vnode_object()
    {
        var (k, vm, map) = Fresh();
        var (fd, vp) = k.OpenRegular("/tmp/f", 2 * P, Fcntl.FREAD | Fcntl.FWRITE);
        Assert.Equal(0, VmMmap.kern_mmap(k.M, k.Proc, vm, A, 2 * P, VM_PROT_READ | VM_PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0, out _));
        Assert.Equal(0, VmCopy.copyout(vm, new byte[] { 1, 2, 3 }, A + P));
        map.vm_map_remove(A, A + 2 * P);
        Assert.Equal(1, vp.v_object!.ResidentPages);
        Assert.Equal(1, vp.v_object.RefCount);
        Assert.Equal(2, vp.v_object.Pages[1][1]);
    }

    [Theory]
    [InlineData(0x40_0000UL, 0x40_3000UL, VM_PROT_NONE, true)]   // whole [A, A+3P): covered
    [InlineData(0x40_0000UL, 0x40_4000UL, VM_PROT_NONE, false)]  // runs off the end
    [InlineData(0x3F_F000UL, 0x40_1000UL, VM_PROT_NONE, false)]  // start not in an entry
    [InlineData(0x40_0000UL, 0x40_3000UL, VM_PROT_WRITE, false)] // middle entry is read-only
    [InlineData(0x40_0000UL, 0x40_1000UL, VM_PROT_WRITE, true)]
    [InlineData(0x40_4000UL, 0x40_4000UL, VM_PROT_NONE, false)]  // empty range in a gap: lookup fails first
    [InlineData(0x40_0000UL, 0x40_0000UL, VM_PROT_WRITE, true)]  // empty range inside an entry
    public void vm_map_check_protection_requires_no_holes_start_inside_an_entry_and_every_bit(ulong s, ulong e, int prot, bool expected)
    {
        //  A     A+P   A+2P  A+3P  A+4P  A+5P  A+6P
        //  [rw  ][r   ][rw  ]            [rw  ]
        var (_, _, map) = Fresh();
        InsertAnon(map, A, A + P, VM_PROT_READ | VM_PROT_WRITE);
        InsertAnon(map, A + P, A + 2 * P, VM_PROT_READ);
        InsertAnon(map, A + 2 * P, A + 3 * P, VM_PROT_READ | VM_PROT_WRITE);
        InsertAnon(map, A + 5 * P, A + 6 * P, VM_PROT_READ | VM_PROT_WRITE);
        Assert.Equal(expected, map.vm_map_check_protection(s, e, prot));
    }

    [Fact]
    public void vm_map_check_protection_is_false_on_a_hole()
    {
        var (_, _, map) = Fresh();
        InsertAnon(map, A, A + P);
        InsertAnon(map, A + 2 * P, A + 3 * P);
        Assert.False(map.vm_map_check_protection(A, A + 3 * P, VM_PROT_NONE));
        Assert.True(map.vm_map_check_protection(A + 2 * P, A + 3 * P, VM_PROT_NONE));
    }

    [Fact]
    public void vm_map_findspace_is_first_fit_upward_from_the_hint_and_aligns_each_gap()
    {
        //  A     A+P   A+2P  A+3P  A+4P     A+8P
        //  [XXXX]      [XXXX]      (free...)
        var (_, _, map) = Fresh();
        InsertAnon(map, A, A + P);
        InsertAnon(map, A + 2 * P, A + 3 * P, VM_PROT_READ);
        Assert.True(map.vm_map_findspace(A, P, P, 0, out ulong a1));
        Assert.Equal(A + P, a1);                        // hint inside an entry: search restarts at its end
        Assert.True(map.vm_map_findspace(A, 2 * P, P, 0, out ulong a2));
        Assert.Equal(A + 3 * P, a2);                    // the one-page gap is too small
        Assert.True(map.vm_map_findspace(A, P, 8 * P, 0, out ulong a3));
        Assert.Equal(A + 8 * P, a3);                    // aligned start
        Assert.True(map.vm_map_findspace(0, P, P, 0, out ulong a4));
        Assert.Equal(0UL, a4);                          // the lowest address of the map
    }

    [Fact]
    public void vm_map_findspace_never_wraps_below_the_hint()
    {
        var (_, _, map) = Fresh();
        ulong top = Param.VM_MAX_USER_ADDRESS;
        InsertAnon(map, top - 4 * P, top);
        Assert.False(map.vm_map_findspace(top - 4 * P, P, P, 0, out _));
        Assert.False(map.vm_map_findspace(top - 8 * P, 5 * P, P, 0, out _));
        Assert.True(map.vm_map_findspace(top - 8 * P, 4 * P, P, 0, out ulong a));
        Assert.Equal(top - 8 * P, a);
        Assert.False(map.vm_map_findspace(top + P, P, P, 0, out _));
    }

    [Fact]
    public void vm_map_hint_moves_zero_and_heap_hints_past_data_plus_maxdsiz()
    {
        var k = new VmKit();
        var vm = k.NewVmspace();
        vm.vm_taddr = 0x40_0000;
        vm.vm_daddr = 0x60_0000;
        var p = new Proc(999, vm, new FileDesc());
        ulong heapEnd = Param.round_page(0x60_0000 + Param.MAXDSIZ);
        Assert.Equal(heapEnd, VmMmap.vm_map_hint(k.M, p, 0, VM_PROT_READ));
        Assert.Equal(heapEnd, VmMmap.vm_map_hint(k.M, p, 0x40_0000, VM_PROT_READ));
        Assert.Equal(heapEnd, VmMmap.vm_map_hint(k.M, p, heapEnd - 1, VM_PROT_READ));
        Assert.Equal(heapEnd, VmMmap.vm_map_hint(k.M, p, heapEnd, VM_PROT_READ));
        Assert.Equal(0x1000UL, VmMmap.vm_map_hint(k.M, p, 0x1000, VM_PROT_READ));    // below text: kept
        Assert.Equal(heapEnd + 0x123, VmMmap.vm_map_hint(k.M, p, heapEnd + 0x123, VM_PROT_READ)); // not rounded
        k.M.Sysctl.maxdsiz = 1UL << 20;
        Assert.Equal(0x70_0000UL, VmMmap.vm_map_hint(k.M, p, 0, VM_PROT_READ));
    }

    [Fact]
    public void vm_map_hint_randomises_within_256_MiB_past_data_plus_MAXDSIZ_when_randomize_mmap_is_set()
    {
        var k = new VmKit(seed: 42);
        k.M.Sysctl.randomize_mmap = 1;
        var vm = k.NewVmspace();
        vm.vm_daddr = 0x60_0000;
        var p = new Proc(999, vm, new FileDesc());
        var seen = new HashSet<ulong>();
        for (int i = 0; i < 20; i++)
        {
            ulong h = VmMmap.vm_map_hint(k.M, p, 0, VM_PROT_READ);
            Assert.InRange(h, 0x60_0000 + Param.MAXDSIZ, 0x60_0000 + Param.MAXDSIZ + (256UL << 20));
            Assert.Equal(0UL, h & Param.PAGE_MASK);
            seen.Add(h);
        }
        Assert.True(seen.Count > 1, "seed 42: the hint never varied");
        Assert.Equal(0x70_0000UL, VmMmap.vm_map_hint(k.M, p, 0x70_0000, VM_PROT_READ)); // at or above data: kept
        // Same seed, same sequence.
        var k2 = new VmKit(seed: 42);
        k2.M.Sysctl.randomize_mmap = 1;
        var p2 = new Proc(999, k2.NewVmspace(), new FileDesc());
        p2.p_vmspace.vm_daddr = 0x60_0000;
        var k3 = new VmKit(seed: 42);
        k3.M.Sysctl.randomize_mmap = 1;
        var p3 = new Proc(999, k3.NewVmspace(), new FileDesc());
        p3.p_vmspace.vm_daddr = 0x60_0000;
        Assert.Equal(VmMmap.vm_map_hint(k2.M, p2, 0, 1), VmMmap.vm_map_hint(k3.M, p3, 0, 1));
    }

    [Fact]
    public void vm_map_lock_bumps_timestamp_and_MapLocksExclusive()
    {
        var (k, _, map) = Fresh();
        uint t0 = map.timestamp;
        long c0 = k.M.Counters.MapLocksExclusive;
        InsertAnon(map, A, A + P);
        map.vm_map_check_protection(A, A + P, VM_PROT_NONE);   // shared: no bump
        map.vm_map_madvise(A, A + P, MADV_INVAL, 0);
        Assert.Equal(t0 + 2, map.timestamp);
        Assert.Equal(c0 + 2, k.M.Counters.MapLocksExclusive);
    }

    [Fact]
    public void vm_map_inherit_rejects_unknown_values_and_clips_the_range()
    {
        var (_, vm, map) = Fresh();
        InsertAnon(map, A, A + 4 * P);
        Assert.Equal(KERN_INVALID_ARGUMENT, map.vm_map_inherit(A, A + P, 7));
        Assert.Equal(KERN_SUCCESS, map.vm_map_inherit(A + P, A + 2 * P, VM_INHERIT_NONE));
        Assert.Equal(3, map.nentries);
        Assert.Equal(VM_INHERIT_NONE, map.vm_map_lookup_entry(A + P)!.inheritance);
        Assert.Equal(KERN_SUCCESS, map.vm_map_inherit(A + P, A + 2 * P, VM_INHERIT_COPY));
        Assert.Equal(1, map.nentries);                 // simplify merged the pieces back
        AssertInvariants(vm);
    }
}
