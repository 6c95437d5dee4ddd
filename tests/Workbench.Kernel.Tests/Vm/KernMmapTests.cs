// kern_mmap / vm_mmap through the mmap(2) dispatch point: every errno of spec §2.4.1-§2.4.2, in the spec's order.
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Tests.Vm.VmKit;

namespace Workbench.Kernel.Tests.Vm;

public class KernMmapTests
{
    static void AssertErr(int expected, SysResult r, string what) =>
        Assert.True(r.Error == expected, $"{what}: {Errno.Name(r.Error)} instead of {Errno.Name(expected)}");

    // 1. MAP_ANON with a descriptor or an offset.
    [Fact]
    public void kern_mmap_returns_EINVAL_for_MAP_ANON_with_an_fd_or_a_pos()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(0, P, RW, MAP_ANON | MAP_PRIVATE, fd: 3), "fd 3");
        AssertErr(EINVAL, k.Mmap(0, P, RW, MAP_ANON | MAP_PRIVATE, fd: -1, pos: (long)P), "pos");
        AssertErr(EINVAL, k.Mmap(0, 0, RW, MAP_ANON, fd: 3), "MAP_ANON check precedes len == 0");
    }

    // 2. len == 0.
    [Fact]
    public void kern_mmap_returns_EINVAL_for_a_zero_length_before_looking_at_MAP_STACK_or_MAP_VPAGETABLE()
    {
        var k = new VmKit(vkernelEnable: 0);
        AssertErr(EINVAL, k.Mmap(0, 0, RW, MAP_ANON), "len 0");
        AssertErr(EINVAL, k.Mmap(0, 0, RW, MAP_ANON | MAP_VPAGETABLE), "len 0 beats EOPNOTSUPP");
    }

    // 3. MAP_STACK.
    [Fact]
    public void kern_mmap_returns_EINVAL_for_MAP_STACK_with_an_fd_or_without_read_and_write()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(0, P, RW, MAP_STACK, fd: 0), "fd");
        AssertErr(EINVAL, k.Mmap(0, P, PROT_READ, MAP_STACK), "read only");
        AssertErr(EINVAL, k.Mmap(0, P, PROT_WRITE, MAP_STACK), "write only");
        var ok = k.Mmap(0, 4 * P, RW, MAP_STACK);      // MAP_ANON is forced
        Assert.True(ok.Ok, ok.Format());
        Assert.NotEqual(0, k.Map.vm_map_lookup_entry((ulong)ok.Value)!.eflags & VmMapEntry.MAP_ENTRY_STACK);
    }

    [Fact]
    public void a_non_fixed_MAP_STACK_is_placed_at_the_hint_itself_so_a_second_one_returns_ENOMEM()
    {
        //  hint         hint+4P
        //  [STACK      ]             mmap(0, 4P, RW, MAP_STACK)  -> at the hint, no first-fit search
        //  [xxxx]                    mmap(0, 4P, RW, MAP_STACK)  -> ENOMEM (vm_map_stack: hint is mapped)
        var k = new VmKit();
        ulong hint = VmMmap.vm_map_hint(k.M, k.Proc, 0, RW);
        var r = k.Mmap(0, 4 * P, RW, MAP_STACK);
        Assert.True(r.Ok && (ulong)r.Value == hint, r.Format());
        AssertErr(ENOMEM, k.Mmap(0, 4 * P, RW, MAP_STACK), "second stack at the same hint");
        AssertErr(ENOMEM, k.Mmap(hint - 2 * P, 4 * P, RW, MAP_STACK | MAP_FIXED | MAP_TRYFIXED), "runs into the first stack");
        Assert.True(k.Mmap(0, 4 * P, RW, MAP_ANON).Ok, "an ordinary mapping searches past it");
    }

    // 4. MAP_VPAGETABLE.
    [Fact]
    public void kern_mmap_returns_EOPNOTSUPP_for_MAP_VPAGETABLE_when_vkernel_enable_is_0()
    {
        var k = new VmKit(vkernelEnable: 0);
        AssertErr(EOPNOTSUPP, k.Mmap(0, P, RW, MAP_ANON | MAP_VPAGETABLE), "disabled");
        AssertErr(EOPNOTSUPP, k.Mmap(0, P, RW, MAP_ANON | MAP_VPAGETABLE | MAP_STACK), "EOPNOTSUPP beats the MAP_STACK check");
        k.M.Sysctl.vkernel_enable = 1;
        Assert.True(k.Mmap(0, P, RW, MAP_ANON | MAP_VPAGETABLE).Ok);
    }

    [Fact]
    public void kern_mmap_returns_EINVAL_for_MAP_VPAGETABLE_with_MAP_STACK_or_without_read_and_write()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(0, P, RW, MAP_VPAGETABLE | MAP_STACK), "stack");
        AssertErr(EINVAL, k.Mmap(0, P, PROT_READ, MAP_ANON | MAP_VPAGETABLE), "read only");
        AssertErr(EINVAL, k.Mmap(0, P, PROT_WRITE | PROT_EXEC, MAP_ANON | MAP_VPAGETABLE), "no read");
    }

    // 5. Size rounding and wrap; unaligned file offsets are accepted.
    [Fact]
    public void kern_mmap_returns_EINVAL_when_the_rounded_size_wraps()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(0, ulong.MaxValue - 100, RW, MAP_ANON), "len near 2^64");
        var (fd, _) = k.OpenRegular("/tmp/f", 4 * P, Fcntl.FREAD);
        AssertErr(EINVAL, k.Mmap(0, ulong.MaxValue - P + 2, PROT_READ, MAP_PRIVATE, fd, pos: 0x10), "len + pageoff wraps");
    }

    [Fact]
    public void kern_mmap_accepts_an_unaligned_file_offset_and_returns_addr_plus_pageoff()
    {
        var k = new VmKit();
        var (fd, _) = k.OpenRegular("/tmp/f", 4 * P, Fcntl.FREAD);
        var r = k.Mmap(Base + 0x123, 100, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, pos: (long)P + 0x123);
        Assert.True(r.Ok, r.Format());
        Assert.Equal(Base + 0x123, (ulong)r.Value);
        var e = k.Map.vm_map_lookup_entry(Base)!;
        Assert.Equal((Base, Base + P, P), (e.start, e.end, e.offset));
    }

    // 6. Fixed addresses.
    [Fact]
    public void kern_mmap_returns_EINVAL_for_a_fixed_address_that_is_misaligned_wraps_or_passes_VM_MAX_USER_ADDRESS()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(Base + 1, P, RW, MAP_ANON | MAP_FIXED), "misaligned");
        AssertErr(EINVAL, k.Mmap(Base + 1, P, RW, MAP_ANON | MAP_TRYFIXED), "misaligned TRYFIXED");
        AssertErr(EINVAL, k.Mmap(ulong.MaxValue & ~(P - 1), 2 * P, RW, MAP_ANON | MAP_FIXED), "wrap");
        AssertErr(EINVAL, k.Mmap(Param.VM_MAX_USER_ADDRESS - P, 2 * P, RW, MAP_ANON | MAP_FIXED), "past VM_MAX");
        Assert.True(k.Mmap(Param.VM_MAX_USER_ADDRESS - 2 * P, P, RW, MAP_ANON | MAP_FIXED).Ok, "just below VM_MAX");
        // The address checks come before the descriptor lookup.
        AssertErr(EINVAL, k.Mmap(Base + 1, P, PROT_READ, MAP_SHARED | MAP_FIXED, fd: 77), "misaligned beats EBADF");
    }

    // 7. The descriptor.
    [Fact]
    public void kern_mmap_returns_EBADF_for_a_descriptor_that_is_not_open_including_minus_one_without_MAP_ANON()
    {
        var k = new VmKit();
        AssertErr(EBADF, k.Mmap(0, P, PROT_READ, MAP_SHARED, fd: 42), "fd 42");
        AssertErr(EBADF, k.Mmap(0, P, PROT_READ, MAP_SHARED, fd: -1), "fd -1");
    }

    [Fact]
    public void kern_mmap_returns_EINVAL_for_a_file_that_is_not_a_vnode()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(0, P, PROT_READ, MAP_SHARED, k.OpenPipe()), "pipe");
    }

    [Fact]
    public void kern_mmap_returns_EINVAL_for_a_regular_vnode_without_a_vm_object()
    {
        var k = new VmKit();
        var vp = new Workbench.Kernel.Kern.Vnode("/tmp/noobj", Workbench.Kernel.Kern.VType.VREG);
        AssertErr(EINVAL, k.Mmap(0, P, PROT_READ, MAP_SHARED, k.OpenVnode(vp, Fcntl.FREAD)), "no v_object");
    }

    [Fact]
    public void kern_mmap_returns_EBADF_for_a_revoked_character_device_and_EINVAL_for_other_vnode_types()
    {
        var k = new VmKit();
        AssertErr(EBADF, k.Mmap(0, P, PROT_READ, MAP_SHARED, k.OpenNode("/dev/revoked", Fcntl.FREAD)), "revoked");
        AssertErr(EINVAL, k.Mmap(0, P, PROT_READ, MAP_SHARED, k.OpenNode("/tmp", Fcntl.FREAD)), "VDIR");
        AssertErr(EINVAL, k.Mmap(0, P, PROT_READ, MAP_SHARED, k.OpenNode("/tmp/fifo", Fcntl.FREAD)), "VFIFO");
    }

    [Fact]
    public void kern_mmap_maps_dev_zero_as_anonymous_memory_even_when_private()
    {
        var k = new VmKit();
        int fd = k.OpenNode("/dev/zero", Fcntl.FREAD);
        var r = k.Mmap(0, 2 * P, RW, MAP_PRIVATE, fd, pos: 5 * (long)P);   // pos is forced to 0
        Assert.True(r.Ok, r.Format());
        var e = k.Map.vm_map_lookup_entry((ulong)r.Value)!;
        Assert.Null(e.@object);
        Assert.Equal(VM_PROT_ALL, e.max_protection);
    }

    [Fact]
    public void kern_mmap_returns_EINVAL_for_a_private_mapping_of_a_character_device()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(0, P, PROT_READ, MAP_PRIVATE, k.OpenNode("/dev/mem", Fcntl.FREAD)), "private cdev");
    }

    [Fact]
    public void vm_mmap_returns_EINVAL_when_the_device_pager_fails_for_a_device_without_d_mmap()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(0, P, PROT_READ, MAP_SHARED, k.OpenNode("/dev/null", Fcntl.FREAD)), "/dev/null");
        Assert.True(k.Mmap(0, P, PROT_READ, MAP_SHARED, k.OpenNode("/dev/mem", Fcntl.FREAD)).Ok, "/dev/mem");
    }

    [Fact]
    public void kern_mmap_returns_EACCES_for_PROT_READ_of_a_file_not_open_for_reading()
    {
        var k = new VmKit();
        var (fd, _) = k.OpenRegular("/tmp/w", P, Fcntl.FWRITE);
        AssertErr(EACCES, k.Mmap(0, P, PROT_READ, MAP_PRIVATE, fd), "private");
        AssertErr(EACCES, k.Mmap(0, P, PROT_READ, MAP_SHARED, fd), "shared");
        Assert.True(k.Mmap(0, P, PROT_EXEC, MAP_PRIVATE, fd).Ok, "exec only needs no read");
    }

    [Fact]
    public void kern_mmap_returns_EPERM_for_a_shared_writable_mapping_of_an_immutable_file_open_for_writing()
    {
        var k = new VmKit();
        var (fd, _) = k.OpenRegular("/tmp/imm", P, Fcntl.FREAD | Fcntl.FWRITE, immutable: true);
        AssertErr(EPERM, k.Mmap(0, P, RW, MAP_SHARED, fd), "shared write");
        var ro = k.Mmap(0, P, PROT_READ, MAP_SHARED, fd);
        Assert.True(ro.Ok);
        Assert.Equal(VM_PROT_READ | VM_PROT_EXECUTE, k.Map.vm_map_lookup_entry((ulong)ro.Value)!.max_protection);
        Assert.True(k.Mmap(0, P, RW, MAP_PRIVATE, fd).Ok, "private writes are copy-on-write");
    }

    [Fact]
    public void kern_mmap_returns_EACCES_for_a_shared_writable_mapping_of_a_file_not_open_for_writing()
    {
        var k = new VmKit();
        var (fd, _) = k.OpenRegular("/tmp/r", P, Fcntl.FREAD);
        AssertErr(EACCES, k.Mmap(0, P, RW, MAP_SHARED, fd), "shared");
        AssertErr(EACCES, k.Mmap(0, P, RW, MAP_SHARED, k.OpenNode("/dev/mem", Fcntl.FREAD)), "cdev is implicitly shared");
        var pr = k.Mmap(0, P, RW, MAP_PRIVATE, fd);
        Assert.True(pr.Ok, pr.Format());
        var e = k.Map.vm_map_lookup_entry((ulong)pr.Value)!;
        Assert.Equal(VM_PROT_ALL, e.max_protection);
        Assert.NotEqual(0, e.eflags & VmMapEntry.MAP_ENTRY_NEEDS_COPY);
    }

    // 8. max_proc_mmap × vm_refcnt.
    [Fact]
    public void kern_mmap_returns_ENOMEM_when_the_map_has_max_proc_mmap_times_refcnt_entries()
    {
        var k = new VmKit();
        int have = k.Map.nentries;
        k.M.Sysctl.max_proc_mmap = have + 1;
        Assert.True(k.Mmap(Base, P, PROT_READ, MAP_ANON | MAP_FIXED).Ok);
        AssertErr(ENOMEM, k.Mmap(Base + 4 * P, P, PROT_READ, MAP_ANON | MAP_FIXED), "limit reached");
        k.Vms.vm_refcnt++;                               // a second holder doubles the limit (spec §2.4.1 item 8)
        Assert.True(k.Mmap(Base + 4 * P, P, PROT_READ, MAP_ANON | MAP_FIXED).Ok);
        k.Vms.vm_refcnt--;
        k.M.Sysctl.max_proc_mmap = 0;                    // 0 disables the limit
        Assert.True(k.Mmap(Base + 8 * P, P, PROT_READ, MAP_ANON | MAP_FIXED).Ok);
    }

    // 9. vm_mmap.
    [Fact]
    public void vm_mmap_returns_EINVAL_for_MAP_SIZEALIGN_with_a_size_that_is_not_a_power_of_two()
    {
        var k = new VmKit();
        AssertErr(EINVAL, k.Mmap(0, 3 * P, RW, MAP_ANON | MAP_SIZEALIGN), "3 pages");
        var r = k.Mmap(0, 16 * P, RW, MAP_ANON | MAP_SIZEALIGN);
        Assert.True(r.Ok);
        Assert.Equal(0UL, (ulong)r.Value % (16 * P));
    }

    [Fact]
    public void vm_mmap_does_not_apply_the_2012_SEG_SIZE_alignment_of_the_later_kernel()
    {
        var k = new VmKit();
        // Occupy the hint so that the next free address is not 2 MiB aligned.
        ulong hint = VmMmap.vm_map_hint(k.M, k.Proc, 0, RW);
        Assert.True(k.Mmap(hint, P, RW, MAP_ANON | MAP_FIXED).Ok);
        var r = k.Mmap(0, Param.SEG_SIZE, RW, MAP_ANON);
        Assert.True(r.Ok);
        Assert.Equal(hint + P, (ulong)r.Value);          // 73660d9e81 (2012-09) would have given hint + 2 MiB
    }

    [Fact]
    public void MAP_FIXED_replaces_existing_mappings_while_MAP_TRYFIXED_returns_ENOMEM()
    {
        //  Base        +4P
        //  [AAAA]                    mmap(Base, 4P, ANON|FIXED)
        //    [BB]                    mmap(Base+P, 2P, ANON|FIXED)     -> replaces the middle of A
        //    [xx]                    mmap(Base+P, 2P, ANON|TRYFIXED)  -> ENOMEM, map unchanged
        var k = new VmKit();
        Assert.True(k.Mmap(Base, 4 * P, RW, MAP_ANON | MAP_FIXED).Ok);
        var obj = new byte[] { 0xAA };
        Assert.Equal(0, VmCopy.copyout(k.Vms, obj, Base + P));
        var r = k.Mmap(Base + P, 2 * P, PROT_READ, MAP_ANON | MAP_FIXED);
        Assert.True(r.Ok && (ulong)r.Value == Base + P, r.Format());
        Assert.Equal(PROT_READ, k.Map.vm_map_lookup_entry(Base + P)!.protection);
        var back = new byte[1];
        Assert.Equal(0, VmCopy.copyin(k.Vms, Base + P, back));
        Assert.Equal(0, back[0]);                        // fresh zero page
        int before = k.Map.nentries;
        AssertErr(ENOMEM, k.Mmap(Base + P, 2 * P, RW, MAP_ANON | MAP_TRYFIXED), "TRYFIXED");
        AssertErr(ENOMEM, k.Mmap(Base + P, 2 * P, RW, MAP_ANON | MAP_TRYFIXED | MAP_FIXED), "TRYFIXED|FIXED never removes");
        Assert.Equal(before, k.Map.nentries);
        AssertInvariants(k.Vms);
    }

    [Fact]
    public void vm_mmap_returns_ENOMEM_when_no_space_is_left_above_the_hint()
    {
        var k = new VmKit();
        ulong hint = VmMmap.vm_map_hint(k.M, k.Proc, 0, RW);
        AssertErr(ENOMEM, k.Mmap(0, Param.VM_MAX_USER_ADDRESS - hint + P, RW, MAP_ANON), "too big above hint");
        // Space exists below the hint, but findspace never wraps (spec §2.4.3).
        Assert.True(k.Mmap(hint, Param.VM_MAX_USER_ADDRESS - hint, RW, MAP_ANON | MAP_FIXED).Ok);
        AssertErr(ENOMEM, k.Mmap(0, P, RW, MAP_ANON), "full above hint");
        Assert.True(k.Mmap(16 * P, P, RW, MAP_ANON | MAP_FIXED).Ok, "below hint is free");
    }

    [Fact]
    public void kern_mmap_into_a_foreign_vmspace_takes_its_hint_from_the_callers_layout_B5()
    {
        var k = new VmKit();
        k.Vms.vm_daddr = 0x60_0000;                      // the caller's own data segment
        var target = k.NewVmspace();                     // vm_daddr 0, like a vkernel vmspace
        Assert.Equal(0, VmMmap.kern_mmap(k.M, k.Proc, target, 0, P, RW, MAP_ANON, -1, 0, out ulong res));
        Assert.Equal(Param.round_page(0x60_0000 + Param.MAXDSIZ), res);
        Assert.NotNull(target.vm_map.vm_map_lookup_entry(res));
        Assert.Null(k.Map.vm_map_lookup_entry(res));
    }

    [Fact]
    public void two_shared_mappings_of_a_character_device_see_the_same_pages()
    {
        var k = new VmKit();
        int fd = k.OpenNode("/dev/mem", Fcntl.FREAD | Fcntl.FWRITE);
        Assert.True(k.Mmap(Base, P, RW, MAP_SHARED | MAP_FIXED, fd).Ok);
        Assert.True(k.Mmap(Base + 4 * P, P, RW, MAP_SHARED | MAP_FIXED, fd).Ok);
        Assert.Equal(0, VmCopy.copyout(k.Vms, new byte[] { 0x5A }, Base + 10));
        var b = new byte[1];
        Assert.Equal(0, VmCopy.copyin(k.Vms, Base + 4 * P + 10, b));
        Assert.Equal(0x5A, b[0]);
        Assert.Equal(VM_INHERIT_SHARE, k.Map.vm_map_lookup_entry(Base)!.inheritance);
    }

    [Fact]
    public void MAP_SHARED_and_MAP_INHERIT_set_VM_INHERIT_SHARE()
    {
        var k = new VmKit();
        var a = k.Mmap(Base, P, RW, MAP_ANON | MAP_SHARED | MAP_FIXED);
        var b = k.Mmap(Base + 4 * P, P, RW, MAP_ANON | MAP_PRIVATE | MAP_INHERIT | MAP_FIXED);
        var c = k.Mmap(Base + 8 * P, P, RW, MAP_ANON | MAP_PRIVATE | MAP_FIXED);
        Assert.True(a.Ok && b.Ok && c.Ok);
        Assert.Equal(VM_INHERIT_SHARE, k.Map.vm_map_lookup_entry(Base)!.inheritance);
        Assert.Equal(VM_INHERIT_SHARE, k.Map.vm_map_lookup_entry(Base + 4 * P)!.inheritance);
        Assert.Equal(VM_INHERIT_COPY, k.Map.vm_map_lookup_entry(Base + 8 * P)!.inheritance);
    }

    [Fact]
    public void kern_mmap_takes_the_target_maps_token_and_marks_its_blocking_points()
    {
        var k = new VmKit();
        CallRecordProbe probe = new();
        k.M.Attach(probe);
        Assert.True(k.Mmap(Base, P, RW, MAP_ANON | MAP_FIXED).Ok);
        Assert.Contains("vm_map", probe.Last!.Tokens);
        // MAP_FIXED: vm_map_remove of the old range, then vm_map_insert: each takes the map lock, where it may sleep.
        Assert.Equal(["vm_map lock", "vm_map lock"], probe.Last!.Blocks);
    }

    sealed class CallRecordProbe : Workbench.Kernel.Kern.ISyscallObserver
    {
        public Workbench.Kernel.Kern.CallRecord? Last;
        public void OnEnter(Machine m, Workbench.Kernel.Kern.CallRecord call) { }
        public void OnExit(Machine m, Workbench.Kernel.Kern.CallRecord call) => Last = call;
    }
}
