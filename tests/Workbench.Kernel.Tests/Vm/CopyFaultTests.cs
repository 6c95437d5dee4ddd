// vm_fault (NORMAL part), copyin/copyout, private file mappings, vnode_truncate and vmspace_fork inheritance.
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Tests.Vm.VmKit;

namespace Workbench.Kernel.Tests.Vm;

public class CopyFaultTests
{
    const ulong A = Base;

    [Fact]
    public void copyout_then_copyin_round_trips_across_a_page_boundary_and_zero_fills_first_touch()
    {
        var k = new VmKit();
        Assert.True(k.Mmap(A, 3 * P, RW, MAP_ANON | MAP_FIXED).Ok);
        var data = Bytes(5000, 3);
        long faults = k.M.Counters.Faults;
        Assert.Equal(0, VmCopy.copyout(k.Vms, data, A + P - 100));
        Assert.Equal(faults + 3, k.M.Counters.Faults);   // three pages touched, one fault each
        var back = new byte[5000];
        Assert.Equal(0, VmCopy.copyin(k.Vms, A + P - 100, back));
        Assert.Equal(data, back);
        Assert.Equal(faults + 3, k.M.Counters.Faults);   // translations reused
        var zero = new byte[100];
        Assert.Equal(0, VmCopy.copyin(k.Vms, A, zero));
        Assert.All(zero, b => Assert.Equal(0, b));
        AssertInvariants(k.Vms);
    }

    [Fact]
    public void copyin_and_copyout_return_EFAULT_on_a_hole()
    {
        //  A     A+P   A+2P
        //  [rw  ]      [rw  ]        copy of 2P from A+P/2 crosses the hole
        var k = new VmKit();
        Assert.True(k.Mmap(A, P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.True(k.Mmap(A + 2 * P, P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.Equal(EFAULT, VmCopy.copyin(k.Vms, A + P / 2, new byte[2 * P]));
        Assert.Equal(EFAULT, VmCopy.copyout(k.Vms, new byte[2 * P], A + P / 2));
        Assert.Equal(EFAULT, VmCopy.copyin(k.Vms, A + P, new byte[1]));
        Assert.Equal(EFAULT, VmCopy.copyin(k.Vms, Param.VM_MAX_USER_ADDRESS - 1, new byte[2]));
        Assert.Equal(EFAULT, VmCopy.copyin(k.Vms, ulong.MaxValue, new byte[2]));
        Assert.Equal(0, VmCopy.copyin(k.Vms, A + P, Span<byte>.Empty));
    }

    [Fact]
    public void copyout_returns_EFAULT_on_a_read_only_mapping_and_copyin_on_a_PROT_NONE_one()
    {
        var k = new VmKit();
        Assert.True(k.Mmap(A, P, PROT_READ, MAP_ANON | MAP_FIXED).Ok);
        Assert.True(k.Mmap(A + P, P, PROT_NONE, MAP_ANON | MAP_FIXED).Ok);
        Assert.Equal(0, VmCopy.copyin(k.Vms, A, new byte[8]));
        Assert.Equal(EFAULT, VmCopy.copyout(k.Vms, new byte[8], A));
        Assert.Equal(EFAULT, VmCopy.copyin(k.Vms, A + P, new byte[8]));
        Assert.Equal(KERN_PROTECTION_FAILURE, k.Map.vm_fault(A, VM_PROT_WRITE));
        Assert.Equal(KERN_INVALID_ADDRESS, k.Map.vm_fault(A + 4 * P, VM_PROT_READ));
    }

    [Fact]
    public void vm_fault_on_a_VPAGETABLE_entry_fails_with_KERN_FAILURE_until_the_walk_is_modelled()
    {
        var k = new VmKit();
        Assert.True(k.Mmap(A, P, RW, MAP_ANON | MAP_VPAGETABLE | MAP_FIXED).Ok);
        Assert.Equal(KERN_FAILURE, k.Map.vm_fault(A, VM_PROT_READ));
        Assert.Equal(EFAULT, VmCopy.copyin(k.Vms, A, new byte[1]));
    }

    [Fact]
    public void a_read_fault_maps_read_only_and_the_first_write_faults_again_to_map_writable()
    {
        var k = new VmKit();
        Assert.True(k.Mmap(A, P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.Equal(KERN_SUCCESS, k.Map.vm_fault(A, VM_PROT_READ));
        Assert.True(k.Vms.vm_pmap.pmap_extract(A, out var pte) && !pte.Writable);
        long f = k.M.Counters.Faults;
        Assert.Equal(0, VmCopy.copyout(k.Vms, new byte[] { 1 }, A));
        Assert.Equal(f + 1, k.M.Counters.Faults);
        Assert.True(k.Vms.vm_pmap.pmap_extract(A, out pte) && pte.Writable);
    }

    [Fact]
    public void a_shared_file_mapping_writes_the_file_and_a_private_one_copies_on_write()
    {
        var k = new VmKit();
        var (fd, vp) = k.OpenRegular("/tmp/f", 2 * P, Fcntl.FREAD | Fcntl.FWRITE);
        Assert.True(k.Mmap(A, 2 * P, RW, MAP_SHARED | MAP_FIXED, fd).Ok);
        Assert.True(k.Mmap(A + 4 * P, 2 * P, RW, MAP_PRIVATE | MAP_FIXED, fd).Ok);
        Assert.Equal(0, VmCopy.copyout(k.Vms, new byte[] { 7, 7 }, A + P));          // into the file
        var b = new byte[2];
        Assert.Equal(0, VmCopy.copyin(k.Vms, A + 5 * P, b));                           // private read sees the file
        Assert.Equal(new byte[] { 7, 7 }, b);
        Assert.Equal(0, VmCopy.copyout(k.Vms, new byte[] { 9 }, A + 5 * P));           // private write: a copy
        Assert.Equal(7, vp.v_object!.Pages[1][0]);
        Assert.Equal(0, VmCopy.copyin(k.Vms, A + 5 * P, b));
        Assert.Equal(new byte[] { 9, 7 }, b);
        var priv = k.Map.vm_map_lookup_entry(A + 4 * P)!;
        Assert.Equal(0, priv.eflags & VmMapEntry.MAP_ENTRY_NEEDS_COPY);
        Assert.Same(vp.v_object, priv.@object!.BackingObject);
        AssertInvariants(k.Vms);
        k.Munmap(A + 4 * P, 2 * P);
        Assert.Equal(2, vp.v_object.RefCount);          // the vnode's own + the shared mapping
    }

    [Fact]
    public void a_fault_beyond_the_end_of_the_file_is_a_protection_failure_and_vnode_truncate_shrinks_the_file()
    {
        var k = new VmKit();
        var (fd, vp) = k.OpenRegular("/tmp/f", P + 10, Fcntl.FREAD | Fcntl.FWRITE);
        Assert.True(k.Mmap(A, 4 * P, RW, MAP_SHARED | MAP_FIXED, fd).Ok);
        Assert.Equal(0, VmCopy.copyout(k.Vms, Bytes(100, 1), A + P));                 // page 1 is inside (partial)
        Assert.Equal(KERN_PROTECTION_FAILURE, k.Map.vm_fault(A + 2 * P, VM_PROT_READ));
        Assert.Equal(EFAULT, VmCopy.copyin(k.Vms, A + 2 * P, new byte[1]));
        Assert.Equal(0, VnodePager.vnode_truncate(k.M, vp, P + 4));
        Assert.Equal(P + 4, vp.Size);
        var b = new byte[8];
        Assert.Equal(0, VmCopy.copyin(k.Vms, A + P, b));
        Assert.Equal(Bytes(4, 1), b[..4]);
        Assert.Equal(new byte[4], b[4..]);               // the tail past the new end is zeroed
        Assert.Equal(0, VnodePager.vnode_truncate(k.M, vp, P));
        Assert.Equal(EFAULT, VmCopy.copyin(k.Vms, A + P, b));   // the stale translation's page is gone
        Assert.Equal(EINVAL, VnodePager.vnode_truncate(k.M, k.M.Vfs.Lookup("/dev/zero")!, 0));
    }

    [Fact]
    public void vmspace_fork_shares_SHARE_entries_copies_COPY_entries_and_skips_NONE_entries()
    {
        //  A      A+P    A+2P   A+3P
        //  [SHARE][COPY ][NONE ]       child: [SHARE same object][COPY private copy]
        var k = new VmKit();
        var vm = k.NewVmspace();
        vm.vm_taddr = 0x40_0000; vm.vm_daddr = 0x60_0000;
        Assert.Equal(0, VmMmap.kern_mmap(k.M, k.Proc, vm, A, P, RW, MAP_ANON | MAP_SHARED | MAP_FIXED, -1, 0, out _));
        Assert.Equal(0, VmMmap.kern_mmap(k.M, k.Proc, vm, A + P, P, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_ANON | MAP_PRIVATE | MAP_FIXED, -1, 0, out _));
        Assert.Equal(0, VmMmap.kern_mmap(k.M, k.Proc, vm, A + 2 * P, P, PROT_READ, MAP_ANON | MAP_PRIVATE | MAP_FIXED, -1, 0, out _));
        Assert.Equal(KERN_SUCCESS, vm.vm_map.vm_map_inherit(A + 2 * P, A + 3 * P, VM_INHERIT_NONE));
        Assert.Equal(0, VmCopy.copyout(vm, new byte[] { 1 }, A + P));
        Assert.Equal(0, VmCopy.copyout(vm, new byte[] { 5 }, A + 2 * P - 1));

        var child = vm.vmspace_fork();
        Assert.Equal((0x40_0000UL, 0x60_0000UL), (child.vm_taddr, child.vm_daddr));
        Assert.Equal(0, child.vm_pmap.ResidentCount);
        Assert.Equal(2, child.vm_map.nentries);
        Assert.Null(child.vm_map.vm_map_lookup_entry(A + 2 * P));
        var shared = vm.vm_map.vm_map_lookup_entry(A)!.@object!;
        Assert.Same(shared, child.vm_map.vm_map_lookup_entry(A)!.@object);
        Assert.Equal(2, shared.RefCount);
        Assert.False(shared.OneMapping);

        // SHARE: writes are seen by both; COPY: private after the fork.
        Assert.Equal(0, VmCopy.copyout(child, new byte[] { 42 }, A));
        var b = new byte[1];
        Assert.Equal(0, VmCopy.copyin(vm, A, b)); Assert.Equal(42, b[0]);
        Assert.Equal(0, VmCopy.copyin(child, A + P, b)); Assert.Equal(1, b[0]);
        Assert.Equal(0, VmCopy.copyin(child, A + 2 * P - 1, b)); Assert.Equal(5, b[0]);
        Assert.Equal(0, VmCopy.copyout(child, new byte[] { 2 }, A + P));
        Assert.Equal(0, VmCopy.copyin(vm, A + P, b)); Assert.Equal(1, b[0]);
        AssertInvariants(vm);
        AssertInvariants(child);

        child.vmspace_free();
        Assert.True(child.Freed);
        Assert.Equal(1, shared.RefCount);
        Assert.True(shared.OneMapping is false);
        vm.vmspace_free();
        Assert.True(shared.Dead);
    }

    [Fact]
    public void vmspace_fork_keeps_a_private_file_mapping_copy_on_write_in_the_child()
    {
        var k = new VmKit();
        var (fd, vp) = k.OpenRegular("/tmp/f", P, Fcntl.FREAD);
        var vm = k.NewVmspace();
        Assert.Equal(0, VmMmap.kern_mmap(k.M, k.Proc, vm, A, P, RW, MAP_PRIVATE | MAP_FIXED, fd, 0, out _));
        var child = vm.vmspace_fork();
        Assert.Equal(0, VmCopy.copyout(child, new byte[] { 3 }, A));
        var b = new byte[1];
        Assert.Equal(0, VmCopy.copyin(vm, A, b));
        Assert.Equal(0, b[0]);
        Assert.False(vp.v_object!.Pages.TryGetValue(0, out var pg) && pg[0] == 3);
        child.vmspace_free();
        vm.vmspace_free();
        Assert.Equal(1, vp.v_object.RefCount);
    }

    [Fact]
    public void vmspace_fork_of_a_shared_file_mapping_with_COPY_inheritance_makes_both_sides_copy_on_write()
    {
        var k = new VmKit();
        var (fd, vp) = k.OpenRegular("/tmp/f", P, Fcntl.FREAD | Fcntl.FWRITE);
        var vm = k.NewVmspace();
        Assert.Equal(0, VmMmap.kern_mmap(k.M, k.Proc, vm, A, P, RW, MAP_SHARED | MAP_FIXED, fd, 0, out _));
        Assert.Equal(0, VmCopy.copyout(vm, new byte[] { 1 }, A));                  // into the file, writable PTE
        Assert.Equal(KERN_SUCCESS, vm.vm_map.vm_map_inherit(A, A + P, VM_INHERIT_COPY));
        var child = vm.vmspace_fork();
        Assert.True(vm.vm_pmap.pmap_extract(A, out var pte) && !pte.Writable, "parent write-protected");
        Assert.Equal(0, VmCopy.copyout(vm, new byte[] { 2 }, A));                  // parent now copies
        Assert.Equal(1, vp.v_object!.Pages[0][0]);
        var b = new byte[1];
        Assert.Equal(0, VmCopy.copyin(child, A, b));
        Assert.Equal(1, b[0]);
        AssertInvariants(vm);
        AssertInvariants(child);
        child.vmspace_free();
        vm.vmspace_free();
        Assert.Equal(1, vp.v_object.RefCount);
    }

    [Fact]
    public void vmspace_fork_shadows_a_private_file_mapping_with_SHARE_inheritance_so_both_share_the_copy()
    {
        var k = new VmKit();
        var (fd, vp) = k.OpenRegular("/tmp/f", P, Fcntl.FREAD);
        var vm = k.NewVmspace();
        Assert.Equal(0, VmMmap.kern_mmap(k.M, k.Proc, vm, A, P, RW, MAP_PRIVATE | MAP_INHERIT | MAP_FIXED, fd, 0, out _));
        var child = vm.vmspace_fork();
        var pe = vm.vm_map.vm_map_lookup_entry(A)!;
        Assert.Same(pe.@object, child.vm_map.vm_map_lookup_entry(A)!.@object);
        Assert.Same(vp.v_object, pe.@object!.BackingObject);
        Assert.Equal(0, VmCopy.copyout(child, new byte[] { 4 }, A));
        var b = new byte[1];
        Assert.Equal(0, VmCopy.copyin(vm, A, b));
        Assert.Equal(4, b[0]);                           // shared private copy
        Assert.False(vp.v_object!.Pages.TryGetValue(0, out var pg) && pg[0] == 4);
        child.vmspace_free();
        vm.vmspace_free();
        Assert.Equal(1, vp.v_object.RefCount);
    }

    [Fact]
    public void vmspace_free_drops_one_reference_and_tears_down_only_at_zero()
    {
        var k = new VmKit();
        var vm = k.NewVmspace();
        vm.vm_map.vm_map_insert(null, 0, A, A + P, VM_MAPTYPE_NORMAL, VM_PROT_ALL, VM_PROT_ALL, 0);
        Assert.Equal(0, VmCopy.copyout(vm, new byte[] { 1 }, A));
        vm.vm_refcnt++;
        vm.vmspace_free();
        Assert.False(vm.Freed);
        Assert.Equal(1, vm.vm_map.nentries);
        vm.vmspace_free();
        Assert.True(vm.Freed);
        Assert.Equal(0, vm.vm_map.nentries);
        Assert.Equal(0, vm.vm_pmap.ResidentCount);
        Assert.Throws<KernelPanicException>(() => vm.vmspace_free());
    }
}
