using static Workbench.Kernel.Sys.Errno;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Kernel.Tests.Vkernel;

/// <summary>sys_vmspace_mmap, _munmap, _mcontrol, _pread, _pwrite (spec §2.4-§2.7), checks in the seed's order.</summary>
public class VmspaceMemoryTests
{
    const int RW = PROT_READ | PROT_WRITE;
    const int AnonFixed = MAP_ANON | MAP_PRIVATE | MAP_FIXED;

    static Boot WithVmspace()
    {
        var b = new Boot();
        Assert.Equal(0, b.M.VmspaceCreate(b.Td, 0x1000).Error);
        return b;
    }

    [Fact]
    public void vmspace_mmap_returns_EINVAL_without_a_vkernel_holding_only_vmspace_token()
    {
        var b = new Boot();
        Assert.Equal(EINVAL, b.M.VmspaceMmap(b.Td, 0x1000, 0, 0x1000, RW, AnonFixed, -1, 0).Error);
        Assert.Equal(["vmspace_token"], b.M.LastCall!.Tokens);
    }

    [Fact]
    public void vmspace_mmap_returns_ENOENT_for_an_unknown_id()
    {
        var b = WithVmspace();
        Assert.Equal(ENOENT, b.M.VmspaceMmap(b.Td, 0x2000, 0, 0x1000, RW, AnonFixed, -1, 0).Error);
    }

    [Fact]
    public void vmspace_mmap_maps_into_the_vmspace_returns_the_address_and_drops_its_temporary_ref()
    {
        var b = WithVmspace();
        var r = b.M.VmspaceMmap(b.Td, 0x1000, 0x20000, 0x3000, RW, AnonFixed, -1, 0);
        Assert.Equal(0, r.Error);
        Assert.Equal(0x20000, r.Value);
        Assert.Equal(["vmspace_token", "vkernel"], b.M.LastCall!.Tokens.Take(2));
        Assert.DoesNotContain("mp_token", b.M.LastCall!.Tokens);
        Assert.Equal(0, b.Refs(0x1000));
        var map = b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!.vmspace!.vm_map;
        Assert.Equal(1, map.nentries);
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_mmap_looks_the_fd_up_in_the_calling_vkernels_table()
    {
        var b = WithVmspace();
        Assert.Equal(EBADF, b.M.VmspaceMmap(b.Td, 0x1000, 0, 0x1000, RW, MAP_SHARED | MAP_FIXED, 7, 0).Error);
        int fd = (int)b.M.Open(b.Td, "/tmp/mem", 0x2 | 0x200).Value;
        b.M.Ftruncate(b.Td, fd, 0x10000);
        Assert.Equal(0, b.M.VmspaceMmap(b.Td, 0x1000, 0, 0x10000, RW, MAP_SHARED | MAP_FIXED | MAP_VPAGETABLE, fd, 0).Error);
    }

    [Fact]
    public void vmspace_mmap_of_MAP_VPAGETABLE_returns_EOPNOTSUPP_once_vkernel_enable_is_off()
    {
        var b = WithVmspace();
        b.M.Sysctl.vkernel_enable = 0;
        Assert.Equal(EOPNOTSUPP, b.M.VmspaceMmap(b.Td, 0x1000, 0, 0x1000, RW, AnonFixed | MAP_VPAGETABLE, -1, 0).Error);
        Assert.Equal(0, b.M.VmspaceMmap(b.Td, 0x1000, 0, 0x1000, RW, AnonFixed, -1, 0).Error);
    }

    [Fact]
    public void vmspace_munmap_returns_EINVAL_without_a_vkernel()
    {
        var b = new Boot();
        Assert.Equal(EINVAL, b.M.VmspaceMunmap(b.Td, 0x1000, 0, 0x1000).Error);
    }

    [Fact]
    public void vmspace_munmap_returns_ENOENT_for_an_unknown_id()
    {
        var b = WithVmspace();
        Assert.Equal(ENOENT, b.M.VmspaceMunmap(b.Td, 0x2000, 0, 0x1000).Error);
    }

    [Theory]
    [InlineData(0x1000UL, 0xffff_ffff_ffff_f800UL)]  // size rounds past 2^64: size < len
    [InlineData(0xffff_ffff_ffff_e000UL, 0x4000UL)]  // addr + size wraps
    [InlineData(0x7fff_ffff_f000UL, 0x2000UL)]       // ends above VM_MAX_USER_ADDRESS
    public void vmspace_munmap_returns_EINVAL_for_a_range_that_wraps_or_leaves_user_space(ulong addr, ulong len)
    {
        var b = WithVmspace();
        Assert.Equal(EINVAL, b.M.VmspaceMunmap(b.Td, 0x1000, addr, len).Error);
        Assert.Equal(0, b.Refs(0x1000));
    }

    [Fact]
    public void vmspace_munmap_of_zero_bytes_at_an_aligned_address_returns_0_and_unmaps_nothing()
    {
        var b = WithVmspace();
        b.M.VmspaceMmap(b.Td, 0x1000, 0x10000, 0x1000, RW, AnonFixed, -1, 0);
        Assert.Equal(0, b.M.VmspaceMunmap(b.Td, 0x1000, 0x10000, 0).Error);
        Assert.Equal(1, b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!.vmspace!.vm_map.nentries);
    }

    [Fact]
    public void vmspace_munmap_of_zero_bytes_at_an_unaligned_address_unmaps_the_whole_page()
    {
        //  0x10000     0x11000
        //  [AAAAAAAAAAA]          vmspace_munmap(0x10010, 0) -> page gone
        var b = WithVmspace();
        b.M.VmspaceMmap(b.Td, 0x1000, 0x10000, 0x1000, RW, AnonFixed, -1, 0);
        Assert.Equal(0, b.M.VmspaceMunmap(b.Td, 0x1000, 0x10010, 0).Error);
        Assert.Equal(0, b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!.vmspace!.vm_map.nentries);
    }

    [Fact]
    public void vmspace_munmap_returns_EINVAL_when_the_range_has_a_hole()
    {
        //  0x10000     0x11000     0x12000     0x13000
        //  [AAAAAAAAAAA]           [BBBBBBBBBBB]        vmspace_munmap(0x10000, 0x3000) -> EINVAL, both stay
        var b = WithVmspace();
        b.M.VmspaceMmap(b.Td, 0x1000, 0x10000, 0x1000, RW, AnonFixed, -1, 0);
        b.M.VmspaceMmap(b.Td, 0x1000, 0x12000, 0x1000, RW, AnonFixed, -1, 0);
        Assert.Equal(EINVAL, b.M.VmspaceMunmap(b.Td, 0x1000, 0x10000, 0x3000).Error);
        Assert.Equal(2, b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!.vmspace!.vm_map.nentries);
        Assert.Equal(0, b.Refs(0x1000));
    }

    [Fact]
    public void vmspace_munmap_removes_a_fully_mapped_range_and_splits_what_is_left()
    {
        //  0x10000                             0x14000
        //  [AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA]         vmspace_munmap(0x11000, 0x2000)
        //  [AAAAAAAAA]                 [AAAAAAA]         two entries remain
        var b = WithVmspace();
        b.M.VmspaceMmap(b.Td, 0x1000, 0x10000, 0x4000, RW, AnonFixed, -1, 0);
        Assert.Equal(0, b.M.VmspaceMunmap(b.Td, 0x1000, 0x11000, 0x2000).Error);
        var map = b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!.vmspace!.vm_map;
        Assert.Equal([(0x10000UL, 0x11000UL), (0x13000UL, 0x14000UL)], map.entries.Select(e => (e.start, e.end)));
        b.AssertInvariants();
    }

    [Fact]
    public void vmspace_mcontrol_returns_EINVAL_without_a_vkernel()
    {
        var b = new Boot();
        Assert.Equal(EINVAL, b.M.VmspaceMcontrol(b.Td, 0x1000, 0, 0x1000, MADV_INVAL).Error);
    }

    [Fact]
    public void vmspace_mcontrol_returns_ENOENT_for_an_unknown_id_before_looking_at_behav()
    {
        var b = WithVmspace();
        Assert.Equal(ENOENT, b.M.VmspaceMcontrol(b.Td, 0x2000, 0, 0x1000, 99).Error);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(12)]
    public void vmspace_mcontrol_returns_EINVAL_for_a_behav_outside_0_to_MADV_CONTROL_END(int behav)
    {
        var b = WithVmspace();
        Assert.Equal(EINVAL, b.M.VmspaceMcontrol(b.Td, 0x1000, 0, 0x1000, behav).Error);
        Assert.Equal(0, b.Refs(0x1000));
    }

    [Theory]
    [InlineData(0xffff_ffff_ffff_f000UL, 0x2000UL)]  // addr + len wraps
    [InlineData(0x7fff_ffff_f000UL, 0x2000UL)]       // ends above VM_MAX_USER_ADDRESS
    public void vmspace_mcontrol_returns_EINVAL_for_a_range_that_wraps_or_leaves_user_space(ulong addr, ulong len)
    {
        var b = WithVmspace();
        Assert.Equal(EINVAL, b.M.VmspaceMcontrol(b.Td, 0x1000, addr, len, MADV_INVAL).Error);
    }

    [Fact]
    public void vmspace_mcontrol_MADV_SETMAP_stores_the_master_pde_of_a_VPAGETABLE_entry()
    {
        var b = WithVmspace();
        b.M.VmspaceMmap(b.Td, 0x1000, 0, 0x100000, RW, AnonFixed | MAP_VPAGETABLE, -1, 0);
        Assert.Equal(0, b.M.VmspaceMcontrol(b.Td, 0x1000, 0, 0x100000, MADV_SETMAP, 0x5007).Error);
        var e = b.Td.lwp_proc.p_vkernel!.root.RB_FIND(0x1000)!.vmspace!.vm_map.entries.Single();
        Assert.Equal(0x5007UL, e.master_pde);
        Assert.Equal(0, b.Refs(0x1000));
    }

    [Fact]
    public void vmspace_mcontrol_MADV_SETMAP_on_a_NORMAL_entry_returns_EINVAL()
    {
        var b = WithVmspace();
        b.M.VmspaceMmap(b.Td, 0x1000, 0, 0x1000, RW, AnonFixed, -1, 0);
        Assert.Equal(EINVAL, b.M.VmspaceMcontrol(b.Td, 0x1000, 0, 0x1000, MADV_SETMAP, 0x5007).Error);
    }

    [Fact]
    public void vmspace_mcontrol_over_an_empty_range_returns_0()
    {
        var b = WithVmspace();
        Assert.Equal(0, b.M.VmspaceMcontrol(b.Td, 0x1000, 0x40000, 0x1000, MADV_INVAL).Error);
    }

    [Fact]
    public void vmspace_pread_and_pwrite_return_EINVAL_without_a_vkernel_ENOENT_for_an_unknown_id_else_always_EINVAL()
    {
        var b = new Boot();
        Assert.Equal(EINVAL, b.M.VmspacePread(b.Td, 0x1000).Error);
        Assert.Equal(EINVAL, b.M.VmspacePwrite(b.Td, 0x1000).Error);
        b.M.VmspaceCreate(b.Td, 0x1000);
        Assert.Equal(ENOENT, b.M.VmspacePread(b.Td, 0x2000).Error);
        Assert.Equal(ENOENT, b.M.VmspacePwrite(b.Td, 0x2000).Error);
        Assert.Equal(EINVAL, b.M.VmspacePread(b.Td, 0x1000, 0x600000, 16).Error);
        Assert.Equal(EINVAL, b.M.VmspacePwrite(b.Td, 0x1000, 0x600000, 16).Error);
        Assert.Equal(["mp_token", "vkernel"], b.M.LastCall!.Tokens);
        Assert.Equal(0, b.Refs(0x1000));
    }
}
